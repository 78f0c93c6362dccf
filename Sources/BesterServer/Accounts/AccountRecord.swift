import Foundation

/// One account as a store keeps it. There is no password here, only its
/// slow salted hash.
public struct AccountRecord: Sendable, Equatable {
    /// The username, exactly as registered.
    public var username: String
    /// The crypt-format hash of the password (e.g. `$y$j9T$...`).
    public var passwordHash: String
    /// When the account was created.
    public var createdAt: Date
    /// When the password hash last changed (creation, change, re-hash).
    public var passwordChangedAt: Date

    /// Creates a record.
    public init(username: String, passwordHash: String, createdAt: Date, passwordChangedAt: Date) {
        self.username = username
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.passwordChangedAt = passwordChangedAt
    }
}
