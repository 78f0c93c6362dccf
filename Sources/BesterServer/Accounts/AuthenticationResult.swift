/// The answer to ``AccountService/authenticate(username:password:from:)``.
public enum AuthenticationResult: Sendable, Equatable {
    /// The password is right; `username` is the account's name.
    case success(username: String)
    /// Unknown user or wrong password: deliberately the same answer, after
    /// about the same time, so a caller cannot tell which.
    case wrongCredentials
    /// Too many recent failures for this username or address; nothing was
    /// checked. The caller may try again after `retryAfter`.
    case throttled(retryAfter: Duration)
}
