import BesterProtocol
import BesterServer
import Testing

@Suite struct HandlerRegistrationTests {
    struct Answer: MessageHandler {
        func handle(_ message: HandlerMessage) throws -> HandlerReply { HandlerReply(command: .reply, data: message.data) }
    }

    @Test func aHandlerForTheBuiltinTypeStopsTheProgram() async throws {
        await #expect(processExitsWith: .failure) {
            let server = try BesterServer(configuration: .ephemeral)
            server.register(Answer(), forType: "builtin")
        }
    }

    @Test func aHandlerForNoTypeStopsTheProgram() async throws {
        await #expect(processExitsWith: .failure) {
            let server = try BesterServer(configuration: .ephemeral)
            server.register(Answer(), forType: "")
        }
    }

    @Test func anyOtherTypeIsServed() async throws {
        let server = try BesterServer(configuration: .ephemeral)
        server.register(Answer(), forType: "builtins")
        #expect(server.handlerTypes.contains("builtins"))
    }
}
