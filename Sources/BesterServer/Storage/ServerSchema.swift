/// The schema of the server's database, as an ordered list of migration steps
/// (see ``SQLiteMigration``). Every part of the server that keeps data in the
/// database (accounts; chat rooms, memberships, contacts and offline messages) adds its
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
        SQLiteMigration("chat rooms, memberships and contacts", sql: """
            CREATE TABLE chat_rooms (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                is_private INTEGER NOT NULL DEFAULT 0 CHECK (is_private IN (0, 1)),
                created_at INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE chat_memberships (
                room_id INTEGER NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                joined_at INTEGER NOT NULL,
                PRIMARY KEY (room_id, account_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX chat_memberships_account ON chat_memberships (account_id);
            CREATE TABLE chat_contacts (
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                contact_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                added_at INTEGER NOT NULL,
                PRIMARY KEY (account_id, contact_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX chat_contacts_contact ON chat_contacts (contact_id);
            """),
        SQLiteMigration("chat offline messages", sql: """
            CREATE TABLE chat_offline_messages (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                room TEXT,
                sender TEXT NOT NULL,
                content TEXT NOT NULL,
                sent_at INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE chat_offline_recipients (
                account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                message_id INTEGER NOT NULL REFERENCES chat_offline_messages (id) ON DELETE CASCADE,
                PRIMARY KEY (account_id, message_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX chat_offline_recipients_message ON chat_offline_recipients (message_id);
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
