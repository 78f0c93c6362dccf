@testable import bester_cli
import Testing

@Suite struct ChatInputTests {
    @Test func commandsAndText() throws {
        #expect(try ChatInput.parse("hello all") == .say("hello all"))
        #expect(try ChatInput.parse("  ") == nil)
        #expect(try ChatInput.parse("//slash at the start") == .say("/slash at the start"))
        #expect(try ChatInput.parse("/join rust") == .join("rust"))
        #expect(try ChatInput.parse("/JOIN  my room ") == .join("my room"))
        #expect(try ChatInput.parse("/leave") == .leave(nil))
        #expect(try ChatInput.parse("/leave rust") == .leave("rust"))
        #expect(try ChatInput.parse("/msg bob  hi there ") == .whisper(to: "bob", text: "hi there"))
        #expect(try ChatInput.parse("/rooms") == .rooms)
        #expect(try ChatInput.parse("/nick ann") == .nick("ann"))
        #expect(try ChatInput.parse("/help") == .help)
        #expect(try ChatInput.parse("/quit") == .quit)
    }

    @Test(arguments: [
        ("/join", "usage: /join ROOM"),
        ("/msg bob", "usage: /msg USER TEXT"),
        ("/msg", "usage: /msg USER TEXT"),
        ("/nick two words", "usage: /nick NAME (one word)"),
        ("/rooms all", "usage: /rooms (it takes nothing after it)"),
        ("/frob x", "unknown command /frob; /help lists the commands"),
    ])
    func incompleteCommandsSayHowToTypeThem(_ line: String, _ message: String) {
        #expect(throws: ChatInput.Problem(message: message)) { try ChatInput.parse(line) }
    }
}
