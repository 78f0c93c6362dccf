import BesterClient

/// Writes a line straight to standard output. It shadows `Swift.print` in
/// this module so every result line appears the moment it is measured, even
/// when output goes to a pipe or file and the run is cut short.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    FileDescriptorOutput.write(items.map { "\($0)" }.joined(separator: separator) + terminator, to: 1)
}
