import Foundation

/// The default ``AccountStore``: the `accounts` table of the server's SQLite
/// database (see ``ServerSchema``).
///
/// Usernames are unique exactly (`UNIQUE`) and ignoring ASCII case (a unique
/// index `COLLATE NOCASE`), so the database itself refuses a look-alike even
/// if two servers share the file. Times are stored as Unix milliseconds.
/// Every operation runs on the database's own queue (``SQLiteDatabase/perform(_:)``).
public struct SQLiteAccountStore: AccountStore {
    /// The database holding the accounts.
    public let database: SQLiteDatabase

    /// Uses `database`, first bringing the server schema up to date
    /// (idempotent: cheap when it already is).
    public init(database: SQLiteDatabase) throws {
        try database.migrate(ServerSchema.migrations)
        self.database = database
    }

    public func createAccount(_ account: AccountRecord) async throws {
        try await database.perform { connection in
            try connection.transaction {
                let existing = try connection.queryFirst(
                    "SELECT username FROM accounts WHERE username = ? COLLATE NOCASE",
                    [.text(account.username)]
                ) { try $0.string(at: 0) }
                if let existing {
                    throw AccountStoreError.usernameTaken(requested: account.username, existing: existing)
                }
                try connection.run(
                    "INSERT INTO accounts (username, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?)",
                    [
                        .text(account.username), .text(account.passwordHash),
                        .integer(account.createdAt.unixMilliseconds),
                        .integer(account.passwordChangedAt.unixMilliseconds),
                    ])
            }
        }
    }

    public func account(named username: String) async throws -> AccountRecord? {
        try await database.perform { connection in
            try connection.queryFirst(
                "SELECT username, password_hash, created_at, password_changed_at FROM accounts WHERE username = ?",
                [.text(username)]
            ) { row in
                AccountRecord(
                    username: try row.string(at: 0),
                    passwordHash: try row.string(at: 1),
                    createdAt: Date(unixMilliseconds: try row.int64(at: 2)),
                    passwordChangedAt: Date(unixMilliseconds: try row.int64(at: 3)))
            }
        }
    }

    public func updatePasswordHash(of username: String, to passwordHash: String, changedAt: Date) async throws {
        try await database.perform { connection in
            let changed = try connection.run(
                "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE username = ?",
                [.text(passwordHash), .integer(changedAt.unixMilliseconds), .text(username)])
            guard changed == 1 else { throw AccountStoreError.accountNotFound(username: username) }
        }
    }

    public func deleteAccount(named username: String) async throws {
        try await database.perform { connection in
            let changed = try connection.run("DELETE FROM accounts WHERE username = ?", [.text(username)])
            guard changed == 1 else { throw AccountStoreError.accountNotFound(username: username) }
        }
    }

    public func usernames() async throws -> [String] {
        try await database.perform { connection in
            try connection.query("SELECT username FROM accounts ORDER BY username") { try $0.string(at: 0) }
        }
    }

    public func accountCount() async throws -> Int {
        try await database.perform { connection in
            try connection.queryFirst("SELECT count(*) FROM accounts") { try $0.int(at: 0) } ?? 0
        }
    }
}
