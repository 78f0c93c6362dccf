import BesterProtocol

/// `--format frame`: a captured stream of Bester frames. Each body is printed
/// as one line of canonical JSON, then `  # ` and what it is:
///
/// ```
/// {"header":{...},"payload":{...}}  # v2.1 request type=echo id=1 user=alice
/// {"header":{...},"payload":{...}}  # v2.1 invalid (validation): payload.type: must be a string
/// ```
///
/// The first frame decides what the stream is and, for client streams, the
/// dialect, exactly as a server would: a header with `command` is a handler's
/// replies; with `status` or `messageType`, a server's messages to a client
/// (`payload` means the v2/v2.1 shape, top-level `data` v3); otherwise a
/// client's frames. A frame that breaks a rule is reported on its line and
/// decoding goes on; bad framing or bad JSON stops with an error.
enum FrameDecodeFormat: DecodeFormat {
    static let name = "frame"
    static let summary = "Bester frames ([u32 LE length][JSON]); each body as canonical JSON + '  # ' + dialect and kind"

    /// What the stream carries, decided by its first frame.
    private enum Stream {
        /// Client (or peer) to server; nil until a first frame shows its dialect.
        case client(Dialect?)
        /// Server to client, in the v2/v2.1 (`payload`) or v3 shape.
        case server(Dialect)
        /// Message handler to server.
        case handler
    }

    static func decode(_ input: [UInt8], emit: (String) -> Void) throws(DecodeFailure) {
        var decoder = FrameDecoder(maximumFrameSize: Int(UInt32.max))
        decoder.append(input)
        var stream: Stream?
        while true {
            let body: ArraySlice<UInt8>
            do {
                guard let next = try decoder.nextFrame() else { break }
                body = next
            } catch {
                throw DecodeFailure(error)
            }
            let bodyOffset = decoder.streamOffset - body.count
            let json: JSONValue
            do {
                json = try JSONParser.parse(body)
            } catch {
                throw DecodeFailure(error, streamOffset: bodyOffset)
            }
            let current = stream ?? kind(ofFirstFrame: json)
            let (label, next) = describe(json, in: current)
            stream = next
            emit(JSONSerializer.string(json) + "  # " + label)
        }
        do {
            try decoder.finish()
        } catch {
            throw DecodeFailure(error)
        }
    }

    private static func kind(ofFirstFrame json: JSONValue) -> Stream {
        let header = json["header"]
        if header?["command"] != nil { return .handler }
        if header?["status"] != nil || header?["messageType"] != nil {
            return .server(json["payload"] != nil ? .v2 : .v3)
        }
        return .client(nil)
    }

    /// The label for one frame, and the stream's state after it.
    private static func describe(_ json: JSONValue, in stream: Stream) -> (String, Stream) {
        switch stream {
        case .client(let dialect):
            do {
                let frame = try InboundFrame.parse(json, connectionDialect: dialect)
                return ("\(frame.dialect) " + describe(frame.kind), .client(frame.dialect))
            } catch {
                // A first frame that fails still sets the dialect when one was detected.
                let detected = dialect ?? (try? Dialect.detect(firstFrame: json))
                let prefix = detected.map { "\($0) " } ?? ""
                return (prefix + "invalid (\(error.validation.errorCode)): \(error.validation)", .client(detected))
            }
        case .server(let dialect):
            let shape = dialect == .v3 ? "v3" : "v2/v2.1"
            do {
                return ("\(shape) " + describe(try ServerMessage.parse(json, dialect: dialect)), stream)
            } catch {
                return ("\(shape) invalid (\(error.errorCode)): \(error)", stream)
            }
        case .handler:
            do {
                let reply = try HandlerReply.parse(json)
                return ("handler reply shape=\(HandlerReplyShape.detect(json)) " + describe(reply), stream)
            } catch {
                return ("handler reply invalid (\(error.errorCode)): \(error)", stream)
            }
        }
    }

    private static func describe(_ kind: InboundFrame.Kind) -> String {
        switch kind {
        case .request(let request):
            return describe(request)
        case .identify(let identify, let firstRequest):
            var text = "identify role=\(identify.role)"
            if let user = identify.credentials?.username { text += " user=\(user)" }
            if let firstRequest { text += " + " + describe(firstRequest) }
            return text
        }
    }

    private static func describe(_ request: ClientRequest) -> String {
        var text: String
        if request.isBuiltin {
            do {
                text = try request.builtinCommand().map { "builtin command=\($0.name.rawValue)" } ?? "builtin"
            } catch {
                return "builtin invalid (\(error.errorCode)): \(error)"
            }
        } else {
            text = "request type=\(request.type)"
        }
        if let id = request.id { text += " id=\(id)" }
        if let scope = request.scope, scope == .server { text += " scope=server" }
        if let user = request.credentials?.username { text += " user=\(user)" }
        return text
    }

    private static func describe(_ message: ServerMessage) -> String {
        switch message {
        case .response(let response):
            var text = "response status=\(response.status)"
            if !response.type.isEmpty { text += " type=\(response.type)" }
            if let id = response.id { text += " id=\(id)" }
            if let error = response.error { text += " error=\(error.code)" }
            return text
        case .delivery(let delivery):
            return "delivery type=\(delivery.type) from=\(delivery.from)"
        case .notice(let notice):
            return "notice event=\(notice.event)"
        }
    }

    private static func describe(_ reply: HandlerReply) -> String {
        var text = "command=\(reply.command.name.rawValue)"
        switch reply.command {
        case .reply: break
        case .sendClients(let users): text += " to=" + users.joined(separator: ",")
        case .sendServers(let servers): text += " to=" + servers.joined(separator: ",")
        case .sendHandler(let type): text += " to=\(type)"
        }
        if let type = reply.type, !type.isEmpty { text += " type=\(type)" }
        text += " status=\(reply.status) (\(reply.isSuccess ? "success" : "failure"))"
        return text
    }
}
