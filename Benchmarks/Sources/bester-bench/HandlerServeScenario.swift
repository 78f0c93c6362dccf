import BesterClient
import BesterProtocol

/// `bester-bench handler-serve SOCKET [--async]`: an external echo handler
/// written with `HandlerService`, run by the `handlers` scenario as a child
/// process. It answers on the event loop (`.immediate`), or in a task per
/// request with `--async`.
struct HandlerServeScenario: Scenario {
    let name = "handler-serve"
    let summary = "(internal) the Swift echo handler the handlers scenario starts"

    func run(arguments: [String]) async throws {
        guard let socketPath = arguments.first else { throw BenchmarkFailure.failed("usage: bester-bench handler-serve SOCKET [--async]") }
        if arguments.contains("--async") {
            try await HandlerService.serve(socketPath: socketPath, receivesEnvelopes: false) { request in
                HandlerReply(command: .reply, data: request.data)
            }
        } else {
            try await HandlerService.serve(socketPath: socketPath, receivesEnvelopes: false, .immediate { request in
                HandlerReply(command: .reply, data: request.data)
            })
        }
    }
}
