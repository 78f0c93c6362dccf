import Foundation

/// The server's database, opened from the configuration: a SQLite file in
/// the data directory, or an in-memory database that is gone at exit.
struct ServerStorage: Sendable {
    let database: SQLiteDatabase
    let accountStore: any AccountStore

    /// The database file inside a data directory.
    static let fileName = "besterd.sqlite3"

    static func open(_ storage: ServerConfiguration.Storage, logger: Logger) throws -> ServerStorage {
        let database: SQLiteDatabase
        switch storage {
        case .memory:
            database = try SQLiteDatabase.inMemory()
            try database.migrate(ServerSchema.migrations)
        case .directory(let directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
            database = try ServerSchema.openDatabase(path: path)
            logger.info("storage.open", ["path": path])
        }
        return ServerStorage(database: database, accountStore: try SQLiteAccountStore(database: database))
    }

    /// Flushes and closes the database (the WAL is folded into the file).
    func close() {
        database.close()
    }
}
