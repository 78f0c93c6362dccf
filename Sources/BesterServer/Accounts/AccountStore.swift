import Foundation

/// Where accounts are kept: the seam between ``AccountService`` and a storage
/// engine. ``SQLiteAccountStore`` is the default; ``InMemoryAccountStore``
/// serves tests and embedders; a networked store (PostgreSQL for a cluster)
/// would implement the same requirements.
///
/// Contract for every implementation:
/// - usernames are compared exactly (byte for byte) when looking up;
/// - ``createAccount(_:)`` refuses a name equal to an existing one ignoring
///   ASCII case, throwing ``AccountStoreError/usernameTaken(requested:existing:)``,
///   atomically with the insert (two concurrent registrations of "Bob" and
///   "bob" cannot both succeed);
/// - a missing account is ``AccountStoreError/accountNotFound(username:)``;
/// - other errors (disk, database) pass through as thrown by the engine.
///
/// The store does no validation and no hashing: it keeps what it is given.
public protocol AccountStore: Sendable {
    /// Adds a new account.
    func createAccount(_ account: AccountRecord) async throws
    /// The account named exactly `username`, or nil.
    func account(named username: String) async throws -> AccountRecord?
    /// Replaces the password hash of `username`, recording when.
    func updatePasswordHash(of username: String, to passwordHash: String, changedAt: Date) async throws
    /// Removes the account named exactly `username`.
    func deleteAccount(named username: String) async throws
    /// Every username, in byte order.
    func usernames() async throws -> [String]
    /// How many accounts there are.
    func accountCount() async throws -> Int
}
