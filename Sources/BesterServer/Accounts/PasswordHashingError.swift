/// Why a password could not be hashed.
public enum PasswordHashingError: Error, Equatable, CustomStringConvertible {
    /// The configured cost is outside what libcrypt supports.
    case unsupportedCost(Int, supported: ClosedRange<Int>)
    /// The password breaks a rule hashing depends on (too long, contains NUL).
    case unhashablePassword(PasswordViolation)
    /// libcrypt itself failed (no randomness available, out of memory).
    case libcryptFailed(String)

    public var description: String {
        switch self {
        case let .unsupportedCost(cost, supported):
            "password hash cost \(cost) is not supported; use \(supported.lowerBound) to \(supported.upperBound)"
        case let .unhashablePassword(violation):
            violation.description
        case let .libcryptFailed(message):
            "password hashing failed: \(message)"
        }
    }
}
