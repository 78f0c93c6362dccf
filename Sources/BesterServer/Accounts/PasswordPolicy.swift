/// The rules a new password must meet: at least a configurable number of
/// bytes (UTF-8), at most ``maximumBytes``, and no NUL character.
public struct PasswordPolicy: Sendable, Equatable {
    /// The longest password accepted, in UTF-8 bytes. libcrypt refuses longer
    /// passphrases (its limit is 512 bytes with the terminating NUL), and a
    /// cap keeps an attacker from making the server hash megabytes.
    public static let maximumBytes = 511

    /// The shortest password accepted for a new password, in UTF-8 bytes.
    public let minimumBytes: Int

    /// Creates a policy with the given minimum (1 ... ``maximumBytes``).
    public init(minimumBytes: Int) {
        self.minimumBytes = minimumBytes
    }

    /// Checks a new password (registration, change) against every rule.
    public func validateNewPassword(_ password: String) throws(PasswordViolation) {
        try Self.validateHashable(password)
        let bytes = password.utf8.count
        guard bytes >= minimumBytes else { throw .tooShort(bytes: bytes, minimum: minimumBytes) }
    }

    /// Checks only what hashing needs (no NUL, not too long): the test for a
    /// password offered at login, since an account may predate a stricter minimum.
    public static func validateHashable(_ password: String) throws(PasswordViolation) {
        let bytes = password.utf8.count
        guard bytes <= maximumBytes else { throw .tooLong(bytes: bytes, maximum: maximumBytes) }
        // crypt() reads a C string: everything after a NUL would be ignored.
        guard !password.utf8.contains(0) else { throw .containsNUL }
    }
}

/// A password rule that was broken. The descriptions never include the password.
public enum PasswordViolation: Error, Equatable, CustomStringConvertible {
    /// Shorter than the configured minimum.
    case tooShort(bytes: Int, minimum: Int)
    /// Longer than ``PasswordPolicy/maximumBytes``.
    case tooLong(bytes: Int, maximum: Int)
    /// Contains U+0000, which password hashing cannot represent.
    case containsNUL

    public var description: String {
        switch self {
        case let .tooShort(bytes, minimum):
            "password: must be at least \(minimum) bytes (it has \(bytes))"
        case let .tooLong(bytes, maximum):
            "password: must be at most \(maximum) bytes (it has \(bytes))"
        case .containsNUL:
            "password: must not contain the NUL character (U+0000)"
        }
    }
}
