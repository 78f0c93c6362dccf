/// Why an ``AccountService`` operation was refused. Descriptions never
/// contain a password.
///
/// Each maps to one protocol error code: `invalidUsername`,
/// `invalidPassword`, `userExists`, `authenticationFailed`, `throttled`; the
/// rest are server-side conditions.
public enum AccountError: Error, Equatable, CustomStringConvertible {
    /// The username breaks a rule (register).
    case invalidUsername(UsernameViolation)
    /// The new password breaks a rule (register, change password).
    case invalidPassword(PasswordViolation)
    /// The name is taken, exactly or ignoring ASCII case.
    case usernameTaken(requested: String, existing: String)
    /// No account has this name (change password, remove).
    case accountNotFound(username: String)
    /// The current password given to change the password is wrong.
    case wrongPassword
    /// Too many recent failures; retry after the given time.
    case throttled(retryAfter: Duration)
    /// Too many password hashes are waiting; the request was refused at once.
    case overloaded

    public var description: String {
        switch self {
        case let .invalidUsername(violation): violation.description
        case let .invalidPassword(violation): violation.description
        case let .usernameTaken(requested, existing):
            AccountStoreError.usernameTaken(requested: requested, existing: existing).description
        case let .accountNotFound(username): "no account named \(username)"
        case .wrongPassword: "the current password is wrong"
        case let .throttled(retryAfter): "too many failed attempts; retry in \(retryAfter.wholeSecondsText)"
        case .overloaded: "too many password checks are waiting; try again shortly"
        }
    }
}
