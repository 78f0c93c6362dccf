import BesterProtocol

/// What an external handler written with ``HandlerService`` receives for one
/// message.
public struct HandlerRequest: Sendable {
    /// The message's `payload.data`.
    public var data: JSONValue
    /// Who sent it and how, when the server is configured to send envelopes
    /// (`envelope: true`) and the service expects them; nil otherwise.
    public var envelope: HandlerEnvelope?

    /// Creates a request.
    public init(data: JSONValue, envelope: HandlerEnvelope? = nil) {
        self.data = data
        self.envelope = envelope
    }

    /// The sender's username, when known (envelopes only).
    public var sender: String? { envelope?.sender }
}
