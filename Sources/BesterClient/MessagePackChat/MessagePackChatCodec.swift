import BesterProtocol

/// The MessagePack chat protocol on a client's connection: values back to
/// back; requests out, responses and updates in.
struct MessagePackChatCodec: ChatCodec {
    /// A server message, or an update this client could not read and skipped.
    enum Inbound: Sendable {
        case message(MessagePackChatServerMessage)
        case unreadableUpdate(String)
    }

    private var decoder = MessagePackStreamDecoder()

    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(ChatClientError) {
        decoder.append(bytes)
    }

    mutating func next() throws(ChatClientError) -> Inbound? {
        let value: MessagePackValue
        do {
            guard let next = try decoder.next() else { return nil }
            value = next
        } catch {
            throw .protocolViolation("not MessagePack: \(error)")
        }
        do {
            return .message(try MessagePackChatServerMessage(value))
        } catch {
            // An update a newer server added can be skipped; a bad response
            // cannot, since responses are matched to requests by order.
            if value[0] == "update" { return .unreadableUpdate("\(error): \(value)") }
            throw .protocolViolation("not a chat message: \(error)")
        }
    }

    func encode(_ request: MessagePackChatRequest) throws(ChatClientError) -> [UInt8] {
        request.encoded()
    }
}
