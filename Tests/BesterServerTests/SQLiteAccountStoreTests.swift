import CSQLite
import Foundation
import Testing
@testable import BesterServer

@Suite struct SQLiteAccountStoreTests {
    private static let configuration = AccountsConfiguration(hashCost: 1)

    @Test func accountsSurviveClosingAndReopeningTheDatabase() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("accounts.db")

        let firstDatabase = try ServerSchema.openDatabase(path: path)
        let first = try AccountService(store: SQLiteAccountStore(database: firstDatabase), configuration: Self.configuration)
        try await first.register(username: "alice", password: "alice's password")
        try await first.register(username: "bob", password: "bob's password")
        try await first.changePassword(username: "bob", old: "bob's password", new: "bob's new password")
        firstDatabase.close()

        let secondDatabase = try ServerSchema.openDatabase(path: path)
        let second = try AccountService(store: SQLiteAccountStore(database: secondDatabase), configuration: Self.configuration)
        #expect(try await second.list() == ["alice", "bob"])
        #expect(try await second.authenticate(username: "alice", password: "alice's password", from: "192.0.2.1")
            == .success(username: "alice"))
        #expect(try await second.authenticate(username: "bob", password: "bob's new password", from: "192.0.2.1")
            == .success(username: "bob"))
        #expect(try await second.authenticate(username: "bob", password: "bob's password", from: "192.0.2.1")
            == .wrongCredentials)
        secondDatabase.close()
    }

    @Test func databaseFilesHoldNoPasswordInClear() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("secrets.db")
        let password = "Tr0ub4dor&3-unique-marker"
        let changedPassword = "correct-horse-battery-staple-marker"

        let database = try ServerSchema.openDatabase(path: path)
        let service = try AccountService(store: SQLiteAccountStore(database: database), configuration: Self.configuration)
        try await service.register(username: "dana", password: password)
        _ = try await service.authenticate(username: "dana", password: password, from: "192.0.2.1")
        _ = try await service.authenticate(username: "dana", password: "wrong-guess-marker", from: "192.0.2.1")
        try await service.changePassword(username: "dana", old: password, new: changedPassword)

        func fileBytes() -> [UInt8] {
            ["", "-wal", "-shm"].flatMap { suffix in
                FileManager.default.contents(atPath: path + suffix).map { [UInt8]($0) } ?? []
            }
        }

        // While open (the data sits in the -wal file) and after close (checkpointed).
        for phase in ["open", "closed"] {
            if phase == "closed" { database.close() }
            let bytes = fileBytes()
            // The scan sees the stored data: the username and the hash are there.
            #expect(bytes.contains(Array("dana".utf8)), "\(phase)")
            #expect(bytes.contains(Array("$y$j75$".utf8)), "\(phase)")
            for secret in [password, changedPassword, "wrong-guess-marker"] {
                #expect(!bytes.contains(Array(secret.utf8)), "\(phase): found a password in clear")
            }
        }
    }

    @Test func theDatabaseItselfRefusesLookAlikeNames() throws {
        let database = try ServerSchema.openDatabase(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) {
            try database.withConnection { connection in
                let insert = "INSERT INTO accounts (username, password_hash, created_at, password_changed_at) VALUES (?, 'h', 0, 0)"
                try connection.run(insert, ["erin"])
                try connection.run(insert, ["ERIN"])
            }
        }
        #expect(error?.isConstraintViolation == true)
    }

    @Test func storeBringsAFreshDatabaseUpToDate() throws {
        let database = try SQLiteDatabase.inMemory()
        _ = try SQLiteAccountStore(database: database)
        #expect(try database.withConnection { try $0.userVersion() } == ServerSchema.migrations.count)
    }
}
