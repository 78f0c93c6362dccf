import BesterIO
import BesterProtocol

/// One connection from besterd to a ``HandlerService``: requests are
/// decoded as they arrive, each handled at once or in its own task, and the
/// replies written in request order. Loop-confined.
final class HandlerServiceConnection: ConnectionHandler, @unchecked Sendable {
    private let connection: Connection
    private let receivesEnvelopes: Bool
    private let handler: HandlerService.Handler
    private let onClose: () -> Void
    private var decoder = FrameDecoder()
    private let parser = JSONParser()
    /// Scratch space and an output buffer reused for every request.
    private var parseWorkspace = JSONParseWorkspace()
    private var writer = FrameWriter()
    private var inputEnded = false
    /// Sequence number of the next request read, and of the next reply to write.
    private var nextRequest = 0
    private var nextReply = 0
    /// Replies finished out of order, by `sequence - nextReply`.
    private var finished: [[UInt8]?] = []

    /// The connection holds its handler until it closes, so this reference ends there too.
    init(connection: Connection, receivesEnvelopes: Bool, handler: HandlerService.Handler, onClose: @escaping () -> Void) {
        self.connection = connection
        self.receivesEnvelopes = receivesEnvelopes
        self.handler = handler
        self.onClose = onClose
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        do {
            try decoder.decode(bytes, while: { true }) { start($0) }
        } catch {
            // A bad length prefix: nothing after it can be understood.
            connection.close()
        }
    }

    private func start(_ body: UnsafeRawBufferPointer) {
        let sequence = nextRequest
        nextRequest += 1
        let request: HandlerRequest
        do {
            let json = try parser.parse(body, reusing: &parseWorkspace)
            if receivesEnvelopes {
                let envelope = try HandlerEnvelope.parse(json)
                request = HandlerRequest(data: envelope.data, envelope: envelope)
            } else {
                request = HandlerRequest(data: json)
            }
        } catch {
            finish(sequence, Self.failure("the request is not what this handler expects: \(error)"))
            return
        }
        switch handler {
        case .immediate(let handle):
            let reply: HandlerReply
            do {
                reply = try handle(request)
            } catch {
                reply = Self.failure("\(error)")
            }
            finish(sequence, reply)
        case .async(let handle):
            Task { [self] in
                let reply: HandlerReply
                do {
                    reply = try await handle(request)
                } catch {
                    reply = Self.failure("\(error)")
                }
                connection.loop.execute { [self] in finish(sequence, reply) }
            }
        }
    }

    private static func failure(_ reason: String) -> HandlerReply {
        HandlerReply(status: "1", command: .reply, data: ["error": .string(reason)])
    }

    /// Writes the reply to request `sequence` once every earlier reply has
    /// been written: in order (always so for immediate replies) straight
    /// into the output, otherwise encoded and held.
    private func finish(_ sequence: Int, _ reply: HandlerReply) {
        let slot = sequence - nextReply
        if slot == 0 && finished.isEmpty {
            nextReply += 1
            writer.withFrame(of: reply) { connection.write($0) }
        } else {
            while finished.count <= slot { finished.append(nil) }
            finished[slot] = writer.withFrame(of: reply) { Array($0) }
            while let first = finished.first, let ready = first {
                finished.removeFirst()
                nextReply += 1
                connection.write(ready)
            }
        }
        closeWhenAnswered()
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        // besterd sends nothing more: write the replies still owed, then close.
        inputEnded = true
        closeWhenAnswered()
    }

    private func closeWhenAnswered() {
        if inputEnded && nextReply == nextRequest { connection.closeAfterFlush() }
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        onClose()
    }
}
