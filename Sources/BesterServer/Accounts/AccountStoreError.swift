/// The errors every ``AccountStore`` reports the same way.
public enum AccountStoreError: Error, Equatable, CustomStringConvertible {
    /// `requested` equals the existing `existing` ignoring ASCII case (or exactly).
    case usernameTaken(requested: String, existing: String)
    /// No account has exactly this username.
    case accountNotFound(username: String)

    public var description: String {
        switch self {
        case let .usernameTaken(requested, existing) where requested == existing:
            "username \(requested) is taken"
        case let .usernameTaken(requested, existing):
            "username \(requested) is too like the existing \(existing) (names differing only in case are refused)"
        case let .accountNotFound(username):
            "no account named \(username)"
        }
    }
}
