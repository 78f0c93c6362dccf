/// Why a request failed: `header.error.code` of a failure response
/// (`Docs/protocol.md` 3.1).
///
/// A struct rather than an enum so that a client can read codes a newer
/// server introduces; the known ones are the static members.
public struct ErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The code as written on the wire.
    public let rawValue: String

    /// Wraps a code as written on the wire.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// The frame body is not JSON (the message names the byte offset).
    public static let invalidJSON = ErrorCode(rawValue: "invalidJSON")
    /// A MUST of the dialect was broken; the error's path and message name it.
    public static let validation = ErrorCode(rawValue: "validation")
    /// A frame of another dialect than the connection speaks.
    public static let dialectMismatch = ErrorCode(rawValue: "dialectMismatch")
    /// The length prefix is above the limit; the connection is closed.
    public static let frameTooLarge = ErrorCode(rawValue: "frameTooLarge")
    /// Wrong username or password; the connection is closed.
    public static let authenticationFailed = ErrorCode(rawValue: "authenticationFailed")
    /// Too many failed logins; retry later. The connection is closed.
    public static let throttled = ErrorCode(rawValue: "throttled")
    /// A request on a connection that is not logged in.
    public static let notAuthenticated = ErrorCode(rawValue: "notAuthenticated")
    /// Registration is disabled on this server.
    public static let registrationClosed = ErrorCode(rawValue: "registrationClosed")
    /// Register: the name is taken.
    public static let userExists = ErrorCode(rawValue: "userExists")
    /// Register: the username does not meet the server's rules.
    public static let invalidUsername = ErrorCode(rawValue: "invalidUsername")
    /// Register or changePassword: the password does not meet the server's rules.
    public static let invalidPassword = ErrorCode(rawValue: "invalidPassword")
    /// No handler for `payload.type`.
    public static let unknownType = ErrorCode(rawValue: "unknownType")
    /// The handler answered with a failure status, or with garbage.
    public static let handlerFailed = ErrorCode(rawValue: "handlerFailed")
    /// The handler did not answer in time.
    public static let handlerTimeout = ErrorCode(rawValue: "handlerTimeout")
    /// The handler process is down or not accepting.
    public static let handlerUnavailable = ErrorCode(rawValue: "handlerUnavailable")
    /// A `sendHandler` chain exceeded its depth limit.
    public static let loopLimit = ErrorCode(rawValue: "loopLimit")
    /// `sendServers`, or a server connection, named no configured peer.
    public static let unknownPeer = ErrorCode(rawValue: "unknownPeer")
    /// Too many messages per second.
    public static let rateLimited = ErrorCode(rawValue: "rateLimited")
    /// `changePassword`: the current password given is wrong.
    public static let wrongPassword = ErrorCode(rawValue: "wrongPassword")
    /// The server is at capacity (connections, or password checks waiting); retry later.
    public static let serverFull = ErrorCode(rawValue: "serverFull")
    /// Too much work is queued (password checks); retry shortly.
    public static let serverBusy = ErrorCode(rawValue: "serverBusy")
    /// The server is shutting down and takes no new requests.
    public static let shuttingDown = ErrorCode(rawValue: "shuttingDown")
    /// A bug in the server (it is logged).
    public static let `internal` = ErrorCode(rawValue: "internal")

    /// Every code this version defines, in the order of `Docs/protocol.md` 3.1.
    public static let allKnown: [ErrorCode] = [
        .invalidJSON, .validation, .dialectMismatch, .frameTooLarge, .authenticationFailed, .throttled,
        .notAuthenticated, .registrationClosed, .userExists, .invalidUsername, .invalidPassword, .unknownType,
        .handlerFailed, .handlerTimeout, .handlerUnavailable, .loopLimit, .unknownPeer, .rateLimited, .wrongPassword,
        .serverFull, .serverBusy, .shuttingDown, .internal,
    ]
}
