import BesterProtocol
import Foundation
import Testing

/// `Docs/protocol.md` promises that every `json` block in it is a real frame
/// body; this holds it to that, and keeps its error-code table in step with
/// ``ErrorCode``.
@Suite struct DocsExampleTests {
    private static let documentPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Docs/protocol.md").path

    private static func document() throws -> String {
        try String(contentsOfFile: documentPath, encoding: .utf8)
    }

    /// The contents of every fenced block opened with ```` ```json ````.
    private static func jsonBlocks() throws -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in try document().split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```json" {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// Handler data is any JSON; the one example of it is not a message.
    private static let handlerData = #"{"to":"bob","text":"hi"}"#

    @Test func everyJSONExampleIsAValidMessage() throws {
        let blocks = try Self.jsonBlocks()
        #expect(blocks.count >= 30)
        for block in blocks where block != Self.handlerData {
            let json = try JSONParser.parse(block)
            #expect(Self.recognise(json) != nil, "not a valid message: \(block)")
        }
    }

    /// What a block is, or nil when it is no valid message of any kind.
    private static func recognise(_ json: JSONValue) -> String? {
        let header = json["header"]
        if header?["command"] != nil { return (try? HandlerReply.parse(json)).map { _ in "handler reply" } }
        if json["sender"] != nil { return (try? HandlerEnvelope.parse(json)).map { _ in "envelope" } }
        if header?["status"] != nil {
            let dialect: Dialect = json["payload"] != nil ? .v2 : .v3
            return (try? ServerMessage.parse(json, dialect: dialect)).map { _ in "server message" }
        }
        if let first = try? InboundFrame.parse(json, connectionDialect: nil) { return "first \(first.dialect) frame" }
        for dialect in Dialect.allCases where (try? InboundFrame.parse(json, connectionDialect: dialect)) != nil {
            return "later \(dialect) frame"
        }
        return nil
    }

    @Test func errorCodeTableListsExactlyTheKnownCodes() throws {
        let text = try Self.document()
        let start = try #require(text.range(of: "| code | meaning | connection |"))
        var documented: [String] = []
        for line in text[start.upperBound...].split(separator: "\n").dropFirst() {
            guard line.hasPrefix("|") else { break }
            let firstColumn = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            documented += firstColumn.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        #expect(documented == ErrorCode.allKnown.map(\.rawValue))
    }
}
