import BesterProtocol
import Testing
@testable import BesterServer

// What BesterServer.register refuses, and why: registering such a type stops
// the program (fatalError) with this message. (Not an exit test: swift-testing's
// exit-test monitor thread spins while any other child of the test process is
// an unreaped zombie, which slows every other test.)
@Suite struct HandlerRegistrationTests {
    struct Answer: MessageHandler {
        func handle(_ message: HandlerMessage) throws -> HandlerReply { HandlerReply(command: .reply, data: message.data) }
    }

    @Test func theBuiltinTypeAndNoTypeAreRefusedSayingWhy() {
        #expect(BesterServer.handlerTypeProblem("builtin")
                == "BesterServer.register: 'builtin' is the built-in commands' type; no handler can serve it")
        #expect(BesterServer.handlerTypeProblem("") == "BesterServer.register: the message type is empty")
    }

    @Test func anyOtherTypeIsServed() async throws {
        #expect(BesterServer.handlerTypeProblem("builtins") == nil)
        let server = try BesterServer(configuration: .ephemeral)
        server.register(Answer(), forType: "builtins")
        #expect(server.handlerTypes.contains("builtins"))
        await server.shutdown()
    }
}
