/// The rules for names in chat.
///
/// Nicknames of guests follow the account rules (``UsernamePolicy``), so
/// that any user can be named the same way from every protocol. Room names
/// are freer (`004`'s example channels include "Channel 1"): 1 to 64
/// characters, no control characters, no space at either end. Both kinds
/// compare ignoring ASCII case, as usernames do.
enum ChatNames {
    /// The longest room name, in characters (Unicode scalars).
    static let maximumRoomNameLength = 64

    /// Checks a room name.
    static func validateRoom(_ name: String) throws(ChatError) {
        let scalars = name.unicodeScalars
        guard !scalars.isEmpty else { throw .invalidName("room name: must not be empty") }
        guard scalars.count <= maximumRoomNameLength else {
            throw .invalidName("room name: must be at most \(maximumRoomNameLength) characters (it has \(scalars.count))")
        }
        if let (offset, scalar) = scalars.enumerated().first(where: { isControl($0.element) }) {
            throw .invalidName("room name: character \(offset + 1) is a control character (\(scalar.escaped(asASCII: true)))")
        }
        if scalars.first?.properties.isWhitespace == true || scalars.last?.properties.isWhitespace == true {
            throw .invalidName("room name: must not start or end with a space")
        }
    }

    /// Checks a guest's nickname.
    static func validateNickname(_ name: String) throws(ChatError) {
        do { try UsernamePolicy.validate(name) } catch { throw .invalidName(error.description) }
    }

    /// The key under which two names are the same.
    static func key(_ name: String) -> String { name.asciiCaseFolded }

    /// The default room's key.
    static let defaultRoomKey = key(ChatConfiguration.defaultRoom)

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
