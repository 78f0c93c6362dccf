import BesterProtocol

/// `--format json`: one JSON text, printed back in canonical form.
enum JSONDecodeFormat: DecodeFormat {
    static let name = "json"
    static let summary = "one JSON text, printed back canonically (compact, key order kept)"

    static func decode(_ input: [UInt8], emit: (String) -> Void) throws(DecodeFailure) {
        do {
            emit(JSONSerializer.string(try JSONParser.parse(input)))
        } catch {
            throw DecodeFailure(error)
        }
    }
}
