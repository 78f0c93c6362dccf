import CSQLite
import Foundation
import Testing
@testable import BesterServer

@Suite struct SQLiteDatabaseTests {
    @Test func fileDatabaseIsSetUpForWALWithNormalSyncForeignKeysAndBusyTimeout() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let database = try SQLiteDatabase(path: directory.file("set-up.db"), options: .init(busyTimeout: .milliseconds(1500)))
        let settings = try database.withConnection { connection in
            [
                try connection.queryFirst("PRAGMA journal_mode") { try $0.value(at: 0) },
                try connection.queryFirst("PRAGMA synchronous") { try $0.value(at: 0) },
                try connection.queryFirst("PRAGMA foreign_keys") { try $0.value(at: 0) },
                try connection.queryFirst("PRAGMA busy_timeout") { try $0.value(at: 0) },
            ]
        }
        // synchronous: 1 = NORMAL
        #expect(settings == [.text("wal"), .integer(1), .integer(1), .integer(1500)])
    }

    @Test func fullSynchronousCanBeChosen() throws {
        let database = try SQLiteDatabase.inMemory(options: .init(synchronous: .full))
        let level = try database.withConnection { try $0.queryFirst("PRAGMA synchronous") { try $0.int(at: 0) } }
        #expect(level == 2)
    }

    @Test func typedBindingsRoundTrip() throws {
        let database = try SQLiteDatabase.inMemory()
        let text = "naïve \u{0} 🦆"
        let row = try database.withConnection { connection in
            try connection.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
            let statement = try connection.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            try statement.bind(Int64.min, at: 1)
            try statement.bind(-2.5, at: 2)
            try statement.bind(text, at: 3)
            try statement.bind([0, 255, 7] as [UInt8], at: 4)
            try statement.bindNull(at: 5)
            #expect(try statement.step() == nil)
            return try connection.queryFirst("SELECT i, r, s, b, n FROM t") { row in
                (try row.int64(at: 0), try row.double(at: 1), try row.string(at: 2), try row.bytes(at: 3),
                 try row.isNull(at: 4))
            }
        }
        #expect(row?.0 == Int64.min)
        #expect(row?.1 == -2.5)
        #expect(row?.2 == text)
        #expect(row?.3 == [0, 255, 7])
        #expect(row?.4 == true)
    }

    @Test func emptyTextAndEmptyBlobAreNotNull() throws {
        let database = try SQLiteDatabase.inMemory()
        let values = try database.withConnection { connection in
            try connection.queryFirst("SELECT ?, ?, typeof(?), typeof(?)", [.text(""), .blob([]), .text(""), .blob([])]) { row in
                [try row.value(at: 0), try row.value(at: 1), try row.value(at: 2), try row.value(at: 3)]
            }
        }
        #expect(values == [.text(""), .blob([]), .text("text"), .text("blob")])
    }

    @Test func literalParametersAndValueReads() throws {
        let database = try SQLiteDatabase.inMemory()
        let values = try database.withConnection { connection in
            try connection.queryFirst("SELECT ?, ?, ?, ?", [42, 1.5, "x", nil]) { row in
                try (0..<row.columnCount).map { try row.value(at: $0) }
            }
        }
        #expect(values == [.integer(42), .real(1.5), .text("x"), .null])
    }

    @Test func readingAColumnWithTheWrongTypeNamesTheColumnAndSQL() throws {
        let database = try SQLiteDatabase.inMemory()
        let sql = "SELECT 7 AS answer"
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { try $0.queryFirst(sql) { try $0.string(at: 0) } }
        }
        #expect(error?.code == SQLITE_MISMATCH)
        #expect(error?.message == "column 0 (answer) holds INTEGER, expected TEXT")
        #expect(error?.sql == sql)
    }

    @Test func readingNullAsIntegerThrows() throws {
        let database = try SQLiteDatabase.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { try $0.queryFirst("SELECT NULL AS missing") { try $0.int64(at: 0) } }
        }
        #expect(error?.message == "column 0 (missing) holds NULL, expected INTEGER")
    }

    @Test func columnOutOfRangeThrows() throws {
        let database = try SQLiteDatabase.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { try $0.queryFirst("SELECT 1") { try $0.int64(at: 1) } }
        }
        #expect(error?.code == SQLITE_RANGE)
    }

    @Test func wrongParameterCountThrows() throws {
        let database = try SQLiteDatabase.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { try $0.run("SELECT ?, ?", [1]) }
        }
        #expect(error?.message == "the statement has 2 parameters but 1 values were given")
        #expect(error?.sql == "SELECT ?, ?")
    }

    @Test func syntaxErrorCarriesSQLitesMessageAndTheSQL() throws {
        let database = try SQLiteDatabase.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { try $0.run("SELEC 1") }
        }
        #expect(error?.primaryCode == SQLITE_ERROR)
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.sql == "SELEC 1")
        #expect(error?.description.contains("SELEC 1") == true)
    }

    @Test func constraintViolationIsRecognisable() throws {
        let database = try SQLiteDatabase.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { connection in
                try connection.execute("CREATE TABLE t (k TEXT UNIQUE)")
                try connection.run("INSERT INTO t VALUES (?)", ["a"])
                try connection.run("INSERT INTO t VALUES (?)", ["a"])
            }
        }
        #expect(error?.isConstraintViolation == true)
        #expect(error?.code == SQLITE_CONSTRAINT | (8 << 8))  // SQLITE_CONSTRAINT_UNIQUE
    }

    @Test func foreignKeysAreEnforced() throws {
        let database = try SQLiteDatabase.inMemory()
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { connection in
                try connection.execute("""
                    CREATE TABLE parent (id INTEGER PRIMARY KEY);
                    CREATE TABLE child (parent INTEGER NOT NULL REFERENCES parent (id));
                    """)
                try connection.run("INSERT INTO child VALUES (1)")
            }
        }
        #expect(error?.code == SQLITE_CONSTRAINT | (3 << 8))  // SQLITE_CONSTRAINT_FOREIGNKEY
    }

    @Test func runReportsChangedRowsAndLastRowID() throws {
        let database = try SQLiteDatabase.inMemory()
        let (inserted, rowID, updated) = try database.withConnection { connection in
            try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
            let inserted = try connection.run("INSERT INTO t (v) VALUES (1), (2), (3)")
            let rowID = connection.lastInsertedRowID
            let updated = try connection.run("UPDATE t SET v = v + 1 WHERE v >= ?", [2])
            return (inserted, rowID, updated)
        }
        #expect(inserted == 3)
        #expect(rowID == 3)
        #expect(updated == 2)
    }

    @Test func transactionCommitsOrRollsBackWhole() throws {
        struct Abort: Error {}
        let database = try SQLiteDatabase.inMemory()
        try database.withConnection { try $0.execute("CREATE TABLE t (v INTEGER)") }
        try database.transaction { try $0.run("INSERT INTO t VALUES (1)") }
        #expect(throws: Abort.self) {
            try database.transaction { connection in
                try connection.run("INSERT INTO t VALUES (2)")
                throw Abort()
            }
        }
        let values = try database.withConnection { try $0.query("SELECT v FROM t") { try $0.int(at: 0) } }
        #expect(values == [1])
        #expect(try database.withConnection { $0.isInTransaction } == false)
    }

    @Test func nestedTransactionRollsBackOnlyItsOwnPart() throws {
        struct Abort: Error {}
        let database = try SQLiteDatabase.inMemory()
        try database.withConnection { try $0.execute("CREATE TABLE t (v INTEGER)") }
        try database.transaction { connection in
            try connection.run("INSERT INTO t VALUES (1)")
            #expect(throws: Abort.self) {
                try connection.transaction {
                    try connection.run("INSERT INTO t VALUES (2)")
                    throw Abort()
                }
            }
            try connection.transaction { try connection.run("INSERT INTO t VALUES (3)") }
        }
        let values = try database.withConnection { try $0.query("SELECT v FROM t ORDER BY v") { try $0.int(at: 0) } }
        #expect(values == [1, 3])
    }

    @Test func sameSQLCanBeUsedInsideItsOwnRowClosure() throws {
        let database = try SQLiteDatabase.inMemory()
        let pairs = try database.withConnection { connection in
            try connection.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2);")
            let sql = "SELECT v FROM t WHERE v >= ? ORDER BY v"
            return try connection.query(sql, [1]) { outer in
                let value = try outer.int(at: 0)
                return (value, try connection.query(sql, [.integer(Int64(value))]) { try $0.int(at: 0) })
            }
        }
        #expect(pairs.map(\.0) == [1, 2])
        #expect(pairs.map(\.1) == [[1, 2], [2]])
    }

    @Test func finishedQueryLeavesNoReadOpen() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let database = try SQLiteDatabase(path: directory.file("reads.db"))
        let busyFrames = try database.withConnection { connection in
            try connection.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2);")
            // queryFirst stops after one of two rows; the statement must still be reset.
            _ = try connection.queryFirst("SELECT v FROM t") { try $0.int(at: 0) }
            try connection.run("INSERT INTO t VALUES (3)")
            // A pinned snapshot would make a truncating checkpoint report busy (first column 1).
            return try connection.queryFirst("PRAGMA wal_checkpoint(TRUNCATE)") { try $0.int(at: 0) }
        }
        #expect(busyFrames == 0)
    }

    @Test func performRunsOffTheCallerAndSerialisesConcurrentWriters() async throws {
        let database = try SQLiteDatabase.inMemory()
        try database.withConnection { try $0.execute("CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await database.perform { connection in
                        try connection.transaction {
                            let n = try connection.queryFirst("SELECT n FROM counter") { try $0.int(at: 0) } ?? 0
                            try connection.run("UPDATE counter SET n = ?", [.integer(Int64(n + 1))])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let count = try await database.perform { try $0.queryFirst("SELECT n FROM counter") { try $0.int(at: 0) } }
        #expect(count == 50)
    }

    @Test func useAfterCloseThrowsMisuse() throws {
        let database = try SQLiteDatabase.inMemory()
        database.close()
        database.close()
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { try $0.run("SELECT 1") }
        }
        #expect(error == SQLiteError.databaseClosed)
    }

    @Test func openingAnUnreachablePathNamesIt() throws {
        let path = "/nonexistent-bester-directory/x.db"
        let error = #expect(throws: SQLiteError.self) { try SQLiteDatabase(path: path) }
        #expect(error?.message.hasPrefix("cannot open \(path)") == true)
        #expect(error?.primaryCode == SQLITE_CANTOPEN)
    }

    @Test func committedDataSurvivesClosingAndReopeningTheFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("reopen.db")
        let first = try SQLiteDatabase(path: path)
        try first.transaction { connection in
            try connection.execute("CREATE TABLE t (v TEXT)")
            try connection.run("INSERT INTO t VALUES (?)", ["kept"])
        }
        first.close()
        let second = try SQLiteDatabase(path: path)
        let values = try second.withConnection { try $0.query("SELECT v FROM t") { try $0.string(at: 0) } }
        #expect(values == ["kept"])
    }

    @Test func committedDataIsInTheFilesAProcessKillLeavesBehind() throws {
        // kill -9 leaves the database file and its -wal as the kernel has
        // them, with no close and no checkpoint: copy both while the writer
        // is still open and read the copy.
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("live.db")
        let writer = try SQLiteDatabase(path: path)
        try writer.transaction { connection in
            try connection.execute("CREATE TABLE t (v INTEGER)")
            try connection.run("INSERT INTO t VALUES (9)")
        }
        let copy = directory.file("after-kill.db")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        let reader = try SQLiteDatabase(path: copy)
        let values = try reader.withConnection { try $0.query("SELECT v FROM t") { try $0.int(at: 0) } }
        #expect(values == [9])
        writer.close()
        reader.close()
    }
}
