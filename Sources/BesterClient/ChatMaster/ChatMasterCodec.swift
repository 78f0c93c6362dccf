import BesterIO
import BesterProtocol

/// The ChatMaster protocol on a client's connection: package lines both
/// ways, switching to zlib in both directions right after the server's
/// `compression` notification (`Docs/chatmaster.md` 4).
struct ChatMasterCodec: ChatCodec {
    /// A package, or one this client could not read and skipped.
    enum Inbound: Sendable {
        case package(ChatMasterPackage)
        case unreadable(String)
    }

    private var inbound = ChatMasterInboundStream()
    private var outbound = ChatMasterOutboundStream()

    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(ChatClientError) {
        do { try inbound.append(bytes) } catch { throw .protocolViolation("\(error)") }
    }

    mutating func next() throws(ChatClientError) -> Inbound? {
        let object: JSONValue
        do {
            guard let next = try inbound.nextObject() else { return nil }
            object = next
        } catch {
            // A bad line is skipped (a newer or sloppy server); a broken stream is the end.
            guard error.isRecoverable else { throw .protocolViolation("\(error)") }
            return .unreadable("\(error)")
        }
        let package: ChatMasterPackage
        do { package = try ChatMasterPackage(object) } catch { return .unreadable("\(error): \(object)") }
        if case .notification(.compression(algorithm: "zlib")) = package {
            do {
                try inbound.beginDecompression(with: try ZlibDecompressor())
                outbound.beginCompression(with: try ZlibCompressor())
            } catch {
                throw .protocolViolation("cannot start zlib: \(error)")
            }
        }
        return .package(package)
    }

    mutating func encode(_ package: ChatMasterPackage) throws(ChatClientError) -> [UInt8] {
        do { return try outbound.bytes(for: package) } catch { throw .connectionLost(.failed(IOError("compress", message: "\(error)"))) }
    }
}
