import Foundation

/// Keeps a document's Swift example and the test that runs it the same:
/// the test file holds the code between `// BEGIN EXAMPLE name` and
/// `// END EXAMPLE name`, the document shows it in the ```swift block after
/// `<!-- example: name -->`.
public enum DocumentedExample {
    /// Why `Docs/document` (from the package's root) does not show the
    /// example `name` exactly as the test file at `testFile` holds it; nil
    /// when it does.
    public static func mismatch(named name: String, testFile: String, document: String) throws -> String? {
        let test = URL(fileURLWithPath: testFile)
        let root = test.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: test, encoding: .utf8)
        let markdown = try String(contentsOf: root.appendingPathComponent("Docs/\(document)"), encoding: .utf8)
        guard let tested = region(named: name, in: source) else { return "no example region '\(name)' in \(test.lastPathComponent)" }
        guard let shown = block(named: name, in: markdown) else { return "no example '\(name)' in Docs/\(document)" }
        return shown == tested ? nil : "Docs/\(document) and \(test.lastPathComponent) differ for example '\(name)'"
    }

    private static func region(named name: String, in source: String) -> String? {
        let lines = source.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "// BEGIN EXAMPLE \(name)"),
              let end = lines.firstIndex(of: "// END EXAMPLE \(name)"), start < end else { return nil }
        return lines[(start + 1)..<end].joined(separator: "\n")
    }

    private static func block(named name: String, in markdown: String) -> String? {
        let lines = markdown.components(separatedBy: "\n")
        guard let marker = lines.firstIndex(of: "<!-- example: \(name) -->"),
              marker + 1 < lines.count, lines[marker + 1] == "```swift",
              let end = lines[(marker + 2)...].firstIndex(of: "```") else { return nil }
        return lines[(marker + 2)..<end].joined(separator: "\n")
    }
}
