import BesterProtocol
import Testing

/// Reusing a workspace must never change a result: every document parses
/// exactly as with fresh scratch space, also after a parse that failed
/// half-way through nested containers.
@Suite struct JSONParseWorkspaceTests {
    @Test(arguments: [1 as UInt64, 2, 3])
    func aReusedWorkspaceParsesLikeAFreshOne(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var workspace = JSONParseWorkspace()
        let parser = JSONParser()
        for round in 0..<300 {
            let text: [UInt8]
            if round % 7 == 3 {
                // Broken inside nested containers: leaves work on every stack.
                text = Array(#"{"a":[1,{"b":[true,"x",{"c":"#.utf8)
            } else {
                text = JSONSerializer.bytes(RandomJSON.value(using: &generator))
            }
            let fresh = Result { () throws(JSONParseError) in try parser.parse(text) }
            let reused = text.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try parser.parse(raw, reusing: &workspace) } }
            #expect(reused == fresh)
        }
    }
}
