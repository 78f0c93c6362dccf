import BesterProtocol

/// `--format chatmaster`: a plain (uncompressed) ChatMaster stream, one JSON
/// object per line or back to back; each package is validated and printed as
/// one line of canonical JSON.
enum ChatMasterDecodeFormat: DecodeFormat {
    static let name = "chatmaster"
    static let summary = "uncompressed ChatMaster packages (JSON objects, one per line or back to back), validated"

    static func decode(_ input: [UInt8], emit: (String) -> Void) throws(DecodeFailure) {
        var decoder = ChatMasterPackageDecoder()
        decoder.append(input)
        while true {
            let object: JSONValue?
            do { object = try decoder.nextObject() } catch { throw DecodeFailure(error.description) }
            guard let object else { break }
            do {
                _ = try ChatMasterPackage(object)
            } catch {
                throw DecodeFailure("byte \(decoder.lastObjectOffset): \(error.description)")
            }
            emit(JSONSerializer.string(object))
        }
        do { try decoder.finish() } catch { throw DecodeFailure(error.description) }
    }
}
