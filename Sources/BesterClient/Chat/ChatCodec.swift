/// A chat protocol's two directions on one connection: bytes in, messages
/// out; messages in, bytes out. Lives on the connection's loop, so it may
/// switch itself (ChatMaster's compression) as messages pass.
protocol ChatCodec: SendableMetatype {
    associatedtype Inbound: Sendable
    associatedtype Outbound: Sendable

    /// Adds received bytes.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(ChatClientError)
    /// The next whole message, or nil until more bytes arrive.
    mutating func next() throws(ChatClientError) -> Inbound?
    /// The bytes to write for `message`.
    mutating func encode(_ message: Outbound) throws(ChatClientError) -> [UInt8]
}
