/// A frame a client (or peer server) sent, parsed and validated against the
/// connection's state. This is the one call a server session makes per frame:
///
/// ```swift
/// let frame = try InboundFrame.parse(json, connectionDialect: session.dialect)
/// session.dialect = frame.dialect
/// ```
///
/// Members the rules do not mention are tolerated and ignored.
public struct InboundFrame: Sendable, Hashable {
    /// What the frame holds.
    public enum Kind: Sendable, Hashable {
        /// A v3 first frame: the identify stanza, and the first request when
        /// the frame also carried a `payload` (`Docs/protocol.md` 2.3).
        case identify(IdentifyStanza, firstRequest: ClientRequest?)
        /// A request. On a v2/v2.1 first frame it carries the credentials.
        case request(ClientRequest)
    }

    /// The dialect of the frame: the connection's, or the one a first frame set.
    public let dialect: Dialect
    /// What the frame holds.
    public let kind: Kind

    /// Creates a frame (a client builds one to send; see ``json``).
    public init(dialect: Dialect, kind: Kind) {
        self.dialect = dialect
        self.kind = kind
    }

    /// The request the frame carries, if any (a bare identify stanza has none).
    public var request: ClientRequest? {
        switch kind {
        case .identify(_, let firstRequest): return firstRequest
        case .request(let request): return request
        }
    }

    /// Parses a frame body.
    ///
    /// - Parameters:
    ///   - json: the frame body.
    ///   - connectionDialect: nil for a connection's first frame, whose
    ///     dialect is then detected (``Dialect/detect(firstFrame:)``);
    ///     otherwise the connection's dialect, which later frames must keep to.
    /// - Throws: ``InboundFrameError``: the broken rule, and the dialect to
    ///   answer in.
    public static func parse(_ json: JSONValue, connectionDialect: Dialect?) throws(InboundFrameError) -> InboundFrame {
        if let connectionDialect {
            do {
                return InboundFrame(dialect: connectionDialect, kind: .request(try parseLaterFrame(json, dialect: connectionDialect)))
            } catch {
                throw InboundFrameError(validation: error, replyDialect: connectionDialect)
            }
        }
        let dialect: Dialect
        do {
            dialect = try Dialect.detect(firstFrame: json)
        } catch {
            // Nothing says how the sender speaks: answer in the oldest dialect.
            throw InboundFrameError(validation: error, replyDialect: .v2)
        }
        do {
            return InboundFrame(dialect: dialect, kind: try parseFirstFrame(json, dialect: dialect))
        } catch {
            throw InboundFrameError(validation: error, replyDialect: dialect)
        }
    }

    private static func parseFirstFrame(_ json: JSONValue, dialect: Dialect) throws(ValidationError) -> Kind {
        let root = try FieldReader.object(json, at: "")
        let header = try FieldReader.object(root["header"], at: "header")
        switch dialect {
        case .v2:
            let credentials = try Credentials.parse(header["authentication"], at: "header.authentication")
            return .request(try ClientRequest.parse(payload: root["payload"], credentials: credentials, scope: nil))
        case .v2_1:
            let scope = try FieldReader.oneOf(header["scope"], at: "header.scope", as: ConnectionRole.self)
            // `001`: a server need not authenticate; a client must.
            let credentials: Credentials?
            if scope == .client || header.contains("authentication") {
                credentials = try Credentials.parse(header["authentication"], at: "header.authentication")
            } else {
                credentials = nil
            }
            return .request(try ClientRequest.parse(payload: root["payload"], credentials: credentials, scope: scope))
        case .v3:
            let identify = try IdentifyStanza.parse(header["identify"])
            guard let payload = root["payload"] else { return .identify(identify, firstRequest: nil) }
            return .identify(identify, firstRequest: try ClientRequest.parse(payload: payload, credentials: nil, scope: nil))
        }
    }

    private static func parseLaterFrame(_ json: JSONValue, dialect: Dialect) throws(ValidationError) -> ClientRequest {
        let root = try FieldReader.object(json, at: "")
        // v2 and v2.1 frames MUST have a header; in v3 it is optional.
        let header = dialect == .v3
            ? try FieldReader.optionalObject(root["header"], at: "header") ?? JSONObject()
            : try FieldReader.object(root["header"], at: "header")
        if header.contains("identify") {
            throw ValidationError(path: "header.identify", rule: .dialectMismatch(connection: dialect, frame: .v3))
        }
        var scope: ConnectionRole?
        switch dialect {
        case .v2:
            if header.contains("scope") {
                throw ValidationError(path: "header.scope", rule: .dialectMismatch(connection: .v2, frame: .v2_1))
            }
        case .v2_1:
            scope = try FieldReader.oneOf(header["scope"], at: "header.scope", as: ConnectionRole.self)
        case .v3:
            break
        }
        return try ClientRequest.parse(payload: root["payload"], credentials: nil, scope: scope)
    }

    /// The frame body, in ``dialect``.
    public var json: JSONValue {
        switch kind {
        case .request(let request):
            return request.json(in: dialect)
        case .identify(let identify, let firstRequest):
            var root: JSONObject = ["header": ["identify": identify.json]]
            if let firstRequest { root["payload"] = firstRequest.payloadJSON }
            return .object(root)
        }
    }
}
