import BesterClient

/// Writes to standard output a line at a time, unbuffered, so that a pipe
/// (`bester-cli listen | jq`) sees each line as it happens.
enum StandardOutput {
    static func line(_ text: String) {
        FileDescriptorOutput.write(text + "\n", to: 1)
    }
}
