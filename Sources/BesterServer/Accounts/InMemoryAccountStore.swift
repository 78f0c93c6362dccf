import Foundation
import Synchronization

/// An ``AccountStore`` in memory: for tests, and for embedders that keep
/// accounts elsewhere or not at all. Everything is lost when it is released.
public final class InMemoryAccountStore: AccountStore {
    private struct State {
        var accounts: [String: AccountRecord] = [:]
        /// ASCII-case-folded name -> the exact name registered under it.
        var namesByFoldedName: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    public func createAccount(_ account: AccountRecord) async throws {
        try state.withLock { state throws(AccountStoreError) in
            let folded = account.username.asciiCaseFolded
            if let existing = state.namesByFoldedName[folded] {
                throw .usernameTaken(requested: account.username, existing: existing)
            }
            state.namesByFoldedName[folded] = account.username
            state.accounts[account.username] = account
        }
    }

    public func account(named username: String) async throws -> AccountRecord? {
        state.withLock { $0.accounts[username] }
    }

    public func updatePasswordHash(of username: String, to passwordHash: String, changedAt: Date) async throws {
        try state.withLock { state throws(AccountStoreError) in
            guard state.accounts[username] != nil else { throw .accountNotFound(username: username) }
            state.accounts[username]?.passwordHash = passwordHash
            state.accounts[username]?.passwordChangedAt = changedAt
        }
    }

    public func deleteAccount(named username: String) async throws {
        try state.withLock { state throws(AccountStoreError) in
            guard state.accounts.removeValue(forKey: username) != nil else {
                throw .accountNotFound(username: username)
            }
            state.namesByFoldedName[username.asciiCaseFolded] = nil
        }
    }

    public func usernames() async throws -> [String] {
        // Byte order, as SQLite's BINARY collation sorts.
        state.withLock { $0.accounts.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }

    public func accountCount() async throws -> Int {
        state.withLock { $0.accounts.count }
    }
}
