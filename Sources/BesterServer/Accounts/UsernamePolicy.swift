/// The rules a new username must meet: 1 to 32 characters, each an ASCII
/// letter, digit, `_`, `-` or `.`, the first a letter or digit.
///
/// ASCII only keeps look-alike names (Cyrillic "а" for Latin "a") out, and the
/// first-character rule keeps names from looking like options (`-x`) or
/// paths (`.hidden`).
public enum UsernamePolicy {
    /// The longest username allowed, in characters.
    public static let maximumLength = 32

    /// Checks `username` against the rules, throwing the first one it breaks.
    public static func validate(_ username: String) throws(UsernameViolation) {
        let scalars = username.unicodeScalars
        guard let first = scalars.first else { throw .empty }
        guard scalars.count <= maximumLength else {
            throw .tooLong(length: scalars.count, maximum: maximumLength)
        }
        guard isLetterOrDigit(first) else { throw .invalidFirstCharacter(first) }
        for (offset, scalar) in scalars.enumerated()
        where !(isLetterOrDigit(scalar) || scalar == "_" || scalar == "-" || scalar == ".") {
            throw .invalidCharacter(scalar, offset: offset)
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: false
        }
    }
}

/// A username rule that was broken.
public enum UsernameViolation: Error, Equatable, CustomStringConvertible {
    /// The username is the empty string.
    case empty
    /// The username has more than `maximum` characters.
    case tooLong(length: Int, maximum: Int)
    /// The first character is not an ASCII letter or digit.
    case invalidFirstCharacter(Unicode.Scalar)
    /// The character at `offset` (0-based) is not an ASCII letter, digit, `_`, `-` or `.`.
    case invalidCharacter(Unicode.Scalar, offset: Int)

    public var description: String {
        switch self {
        case .empty:
            "username: must not be empty"
        case let .tooLong(length, maximum):
            "username: must be at most \(maximum) characters (it has \(length))"
        case let .invalidFirstCharacter(scalar):
            "username: must start with an ASCII letter or digit, not \(Self.show(scalar))"
        case let .invalidCharacter(scalar, offset):
            "username: character \(offset + 1) is \(Self.show(scalar)); only ASCII letters, digits, '_', '-' and '.' are allowed"
        }
    }

    private static func show(_ scalar: Unicode.Scalar) -> String {
        "'\(scalar.escaped(asASCII: true))'"
    }
}
