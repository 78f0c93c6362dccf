import BesterProtocol
import Foundation
import Testing

/// The parser keeps nesting on the heap: documents at the depth limit, or
/// far past it, parse (or fail cleanly) on a thread with a small stack.
/// A parser recursing once per level (about 1 KiB a level) would crash here.
@Suite struct JSONStackSafetyTests {
    private static let smallStack = 160 * 1024

    private static func onSmallStack(_ body: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = smallStack
            thread.start()
        }
    }

    @Test func maximumDepthParsesOnASmallStack() async {
        let ok = await Self.onSmallStack {
            let depth = JSONParser.defaultMaximumDepth
            let documents = [
                String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
                String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth),
                String(repeating: "[{\"k\":", count: depth / 2) + "\"x\\n\"" + String(repeating: "}]", count: depth / 2),
            ]
            return documents.allSatisfy { (try? JSONParser.parse($0)) != nil }
        }
        #expect(ok)
    }

    @Test func hostileDepthFailsCleanlyOnASmallStack() async {
        let ok = await Self.onSmallStack {
            let hostile = String(repeating: "[{\"a\":", count: 50_000)
            do throws(JSONParseError) {
                _ = try JSONParser.parse(hostile)
                return false
            } catch {
                // 256 pairs of "[{\"a\":" open 512 containers; the 513th is refused.
                return error.kind == .tooDeep && error.offset == 6 * 256
            }
        }
        #expect(ok)
    }
}
