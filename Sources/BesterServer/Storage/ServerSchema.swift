/// The schema of the server's database, as an ordered list of migration steps
/// (see ``SQLiteMigration``). Every part of the server that keeps data in the
/// database (accounts now; contacts, rooms, offline messages later) adds its
/// steps here, at the end. Never edit or reorder a step that has shipped.
public enum ServerSchema {
    /// All steps, in order. `PRAGMA user_version` counts those applied.
    public static let migrations: [SQLiteMigration] = [
        SQLiteMigration("accounts", sql: """
            CREATE TABLE accounts (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                password_changed_at INTEGER NOT NULL
            ) STRICT;
            CREATE UNIQUE INDEX accounts_username_nocase ON accounts (username COLLATE NOCASE);
            """),
    ]

    /// Opens (creating if needed) the server database at `path` and brings
    /// its schema up to date.
    public static func openDatabase(path: String, options: SQLiteDatabase.Options = .init()) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: path, options: options)
        try database.migrate(migrations)
        return database
    }
}
