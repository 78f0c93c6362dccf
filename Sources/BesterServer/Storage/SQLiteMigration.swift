/// One step of a database schema's history.
///
/// A schema is an ordered list of steps; step *n* (counting from 1) brings
/// `PRAGMA user_version` from *n − 1* to *n*. Steps are applied once each, in
/// order, each in its own transaction together with the version bump, so a
/// crash leaves the database at a whole version. Append new steps; never edit
/// or reorder a step that has shipped.
public struct SQLiteMigration: Sendable {
    /// A short description, shown when the step fails.
    public let name: String
    /// Applies the step. Runs inside the step's transaction.
    public let apply: @Sendable (SQLiteConnection) throws -> Void

    /// A step that runs a closure (for changes SQL alone cannot express).
    public init(_ name: String, apply: @escaping @Sendable (SQLiteConnection) throws -> Void) {
        self.name = name
        self.apply = apply
    }

    /// A step that runs an SQL script (one or more statements).
    public init(_ name: String, sql: String) {
        self.init(name) { connection in try connection.execute(sql) }
    }
}

/// Why ``SQLiteDatabase/migrate(_:)`` could not bring the schema up to date.
public enum SQLiteMigrationError: Error, CustomStringConvertible {
    /// The database was written by a newer program that knows more steps.
    case databaseNewerThanProgram(databaseVersion: Int, knownVersion: Int)
    /// A step failed; its transaction was rolled back and later steps not tried.
    case stepFailed(version: Int, name: String, underlying: any Error)

    public var description: String {
        switch self {
        case let .databaseNewerThanProgram(databaseVersion, knownVersion):
            "the database schema is at version \(databaseVersion), newer than the \(knownVersion) this program knows"
        case let .stepFailed(version, name, underlying):
            "schema migration \(version) (\(name)) failed: \(underlying)"
        }
    }
}

extension SQLiteDatabase {
    /// Applies the steps of `migrations` the database has not had yet and
    /// returns how many it applied (0 when it was up to date).
    ///
    /// Safe to call every time the program starts, and from several
    /// processes at once: each step re-reads the version inside its
    /// `BEGIN IMMEDIATE` transaction, so no step runs twice.
    @discardableResult
    public func migrate(_ migrations: [SQLiteMigration]) throws -> Int {
        try withConnection { connection in
            let known = migrations.count
            let initial = try connection.userVersion()
            guard initial <= known else {
                throw SQLiteMigrationError.databaseNewerThanProgram(databaseVersion: initial, knownVersion: known)
            }
            var applied = 0
            for (offset, migration) in migrations.enumerated().dropFirst(initial) {
                let version = offset + 1
                let didApply = try connection.transaction(.immediate) { () throws -> Bool in
                    // Another process may have applied this step since we looked.
                    guard try connection.userVersion() == offset else { return false }
                    do {
                        try migration.apply(connection)
                        try connection.setUserVersion(version)
                    } catch {
                        throw SQLiteMigrationError.stepFailed(version: version, name: migration.name, underlying: error)
                    }
                    return true
                }
                if didApply { applied += 1 }
            }
            return applied
        }
    }
}
