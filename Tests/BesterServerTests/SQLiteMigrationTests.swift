import Synchronization
import Testing
@testable import BesterServer

/// Which migration steps ran, in order.
private final class RunLog: Sendable {
    let steps = Mutex<[Int]>([])
}

@Suite struct SQLiteMigrationTests {
    /// Step 1 creates `applied`; steps 2...count each insert their number
    /// there and into `runs`, so both show how often each ran.
    private static func steps(_ count: Int, runs: RunLog) -> [SQLiteMigration] {
        var steps = [SQLiteMigration("create log", sql: "CREATE TABLE applied (step INTEGER NOT NULL)")]
        for number in stride(from: 2, through: count, by: 1) {
            steps.append(SQLiteMigration("step \(number)") { connection in
                runs.steps.withLock { $0.append(number) }
                try connection.run("INSERT INTO applied VALUES (?)", [.integer(Int64(number))])
            })
        }
        return steps
    }

    @Test func stepsApplyOnceInOrderAndSetUserVersion() throws {
        let database = try SQLiteDatabase.inMemory()
        let runs = RunLog()
        #expect(try database.migrate(Self.steps(3, runs: runs)) == 3)
        #expect(try database.migrate(Self.steps(3, runs: runs)) == 0)
        #expect(runs.steps.withLock { $0 } == [2, 3])
        #expect(try database.withConnection { try $0.userVersion() } == 3)
        let applied = try database.withConnection { try $0.query("SELECT step FROM applied") { try $0.int(at: 0) } }
        #expect(applied == [2, 3])
    }

    @Test func addedStepsAreTheOnlyOnesApplied() throws {
        let database = try SQLiteDatabase.inMemory()
        let runs = RunLog()
        try database.migrate(Self.steps(2, runs: runs))
        #expect(try database.migrate(Self.steps(4, runs: runs)) == 2)
        #expect(runs.steps.withLock { $0 } == [2, 3, 4])
    }

    @Test func failingStepRollsBackAndStopsAndCanBeRetried() throws {
        struct Broken: Error {}
        let database = try SQLiteDatabase.inMemory()
        let steps = [
            SQLiteMigration("one", sql: "CREATE TABLE one (v INTEGER)"),
            SQLiteMigration("two") { connection in
                try connection.execute("CREATE TABLE two (v INTEGER)")
                throw Broken()
            },
            SQLiteMigration("three", sql: "CREATE TABLE three (v INTEGER)"),
        ]
        let error = #expect(throws: SQLiteMigrationError.self) { try database.migrate(steps) }
        guard case .stepFailed(2, "two", let underlying)? = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(underlying is Broken)
        let tables = try database.withConnection { connection in
            try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                try $0.string(at: 0)
            }
        }
        #expect(tables == ["one"])
        #expect(try database.withConnection { try $0.userVersion() } == 1)

        let fixed = [steps[0], SQLiteMigration("two", sql: "CREATE TABLE two (v INTEGER)"), steps[2]]
        #expect(try database.migrate(fixed) == 2)
    }

    @Test func databaseFromANewerProgramIsRefused() throws {
        let database = try SQLiteDatabase.inMemory()
        try database.withConnection { try $0.setUserVersion(5) }
        let error = #expect(throws: SQLiteMigrationError.self) {
            try database.migrate([SQLiteMigration("one", sql: "CREATE TABLE one (v INTEGER)")])
        }
        #expect(error?.description == "the database schema is at version 5, newer than the 1 this program knows")
    }

    @Test func serverSchemaCreatesTheAccountsTable() throws {
        let database = try SQLiteDatabase.inMemory()
        #expect(try database.migrate(ServerSchema.migrations) == ServerSchema.migrations.count)
        let columns = try database.withConnection { connection in
            try connection.query("SELECT name FROM pragma_table_info('accounts') ORDER BY cid") { try $0.string(at: 0) }
        }
        #expect(columns == ["id", "username", "password_hash", "created_at", "password_changed_at"])
    }
}
