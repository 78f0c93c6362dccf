import BesterCommandLine
import BesterProtocol

/// `bester-cli decode`: inspect captured bytes.
enum DecodeCommand {
    static let interface = CommandInterface(
        name: "bester-cli decode",
        abstract: "Decode a captured stream and print it as canonical JSON, one line per message.",
        discussion: "Formats:\n" + decodeFormats.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n")
            + "\n\nInvalid input stops with a one-line error naming the byte offset, and exit status 1.",
        options: [.option("format", short: "f", value: "format", help: "How to read the input.", default: "frame",
                          allowed: decodeFormats.map { $0.name })],
        arguments: [.init("file", help: "File to read; standard input when absent or '-'.", optional: true)]
    )

    static func run(_ arguments: [String]) throws {
        let parsed = try interface.parse(arguments)
        let formatName = parsed.value("format") ?? "frame"
        guard let format = decodeFormats.first(where: { $0.name == formatName }) else {
            throw CommandLineError.usage("unknown format '\(formatName)'", usage: interface.usageLine)
        }
        let path = parsed.positional(0)
        let input: [UInt8]
        do {
            input = try InputFile.readAll(path: path == "-" ? nil : path)
        } catch {
            throw CommandLineError.failure("\(error)")
        }
        do {
            try format.decode(input) { line in print(line) }
        } catch {
            throw CommandLineError.failure(error.description)
        }
    }
}
