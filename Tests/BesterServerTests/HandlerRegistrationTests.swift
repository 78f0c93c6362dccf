import BesterProtocol
import BesterServer
import Testing

@Suite struct HandlerRegistrationTests {
    struct Answer: MessageHandler {
        func handle(_ message: HandlerMessage) throws -> HandlerReply { HandlerReply(command: .reply, data: message.data) }
    }

    @Test func aHandlerForTheBuiltinTypeStopsTheProgramSayingWhy() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let server = try BesterServer(configuration: .ephemeral)
            server.register(Answer(), forType: "builtin")
        }
        let said = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(said.contains("BesterServer.register: 'builtin' is the built-in commands' type; no handler can serve it"), "\(said)")
    }

    @Test func aHandlerForNoTypeStopsTheProgramSayingWhy() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let server = try BesterServer(configuration: .ephemeral)
            server.register(Answer(), forType: "")
        }
        let said = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(said.contains("BesterServer.register: the message type is empty"), "\(said)")
    }

    @Test func anyOtherTypeIsServed() async throws {
        let server = try BesterServer(configuration: .ephemeral)
        server.register(Answer(), forType: "builtins")
        #expect(server.handlerTypes.contains("builtins"))
    }
}
