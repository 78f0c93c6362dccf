import BesterIO
import BesterProtocol

/// How a handler answered.
enum HandlerOutcome: Sendable {
    /// It replied; the router carries out the reply's command.
    case reply(HandlerReply)
    /// It could not be reached, timed out, failed or answered garbage.
    case failure(ErrorReport)
}

/// Where the messages of one type are processed: in-process or an external
/// process. Every kind of handler sits behind this one interface.
protocol HandlerEndpoint: Sendable {
    /// How logs and errors name this handler, e.g. `echo (built-in)`.
    var displayName: String { get }
    /// Processes `message`. `completion` runs exactly once, on `loop`.
    func process(_ message: HandlerMessage, on loop: EventLoop, timeout: Duration,
                 completion: @escaping @Sendable (HandlerOutcome) -> Void)
    /// For handlers that answer on the spot: processes `message` and returns
    /// the outcome. Nil, without processing, for those that must be waited
    /// for (``process(_:on:timeout:completion:)`` serves them).
    func immediateOutcome(for message: HandlerMessage) -> HandlerOutcome?
    /// What the `handlers` built-in command shows about it: at least `kind`.
    var status: JSONObject { get }
    /// Stops serving, at the end of a shutdown's grace: every request still
    /// waiting for this handler is answered `handlerUnavailable` (the server
    /// is shutting down) and connections to it close.
    func close() async
}

extension HandlerEndpoint {
    var status: JSONObject { ["kind": "in-process"] }
    func immediateOutcome(for message: HandlerMessage) -> HandlerOutcome? { nil }
    /// Handlers that answer on the spot leave nothing waiting.
    func close() async {}
}

extension ErrorReport {
    /// `handlerUnavailable`: "handler NAME is unavailable: WHY".
    static func unavailable(handler displayName: String, _ why: String) -> ErrorReport {
        ErrorReport(code: .handlerUnavailable, message: "handler \(displayName) is unavailable: \(why)")
    }
}

/// A ``MessageHandler``: called right there on the loop.
struct InProcessEndpoint: HandlerEndpoint {
    let handler: any MessageHandler
    let displayName: String

    func process(_ message: HandlerMessage, on loop: EventLoop, timeout: Duration,
                 completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        completion(outcome(for: message))
    }

    func immediateOutcome(for message: HandlerMessage) -> HandlerOutcome? {
        outcome(for: message)
    }

    private func outcome(for message: HandlerMessage) -> HandlerOutcome {
        do {
            return .reply(try handler.handle(message))
        } catch {
            return .failure(ErrorReport(code: .handlerFailed, message: "handler \(displayName) failed: \(error)"))
        }
    }
}

/// An ``AsyncMessageHandler``: run as a task, answered back on the loop, or
/// failed with `handlerTimeout` if it takes too long.
struct AsyncInProcessEndpoint: HandlerEndpoint {
    let handler: any AsyncMessageHandler
    let displayName: String
    private let running = RunningHandlerTasks()

    init(handler: any AsyncMessageHandler, displayName: String) {
        self.handler = handler
        self.displayName = displayName
    }

    func process(_ message: HandlerMessage, on loop: EventLoop, timeout: Duration,
                 completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let once = CompletionOnce(loop: loop, completion)
        let task = running.start(answering: once) { [handler, displayName] in
            do {
                return .reply(try await handler.handle(message))
            } catch {
                return .failure(ErrorReport(code: .handlerFailed, message: "handler \(displayName) failed: \(error)"))
            }
        }
        guard let task else { return }
        once.timeout(after: timeout) {
            task.cancel()
            return ErrorReport(code: .handlerTimeout, message: "handler \(displayName) did not answer within \(timeout)")
        }
    }

    func close() async {
        running.abandonAll(with: .unavailable(handler: displayName, "the server is shutting down"))
    }
}
