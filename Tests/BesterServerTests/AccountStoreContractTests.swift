import Foundation
import Testing
@testable import BesterServer

/// The two stores that ship, for tests that hold for every ``AccountStore``.
enum AccountStoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory, sqlite

    var testDescription: String { rawValue }

    func makeStore() throws -> any AccountStore {
        switch self {
        case .inMemory: InMemoryAccountStore()
        case .sqlite: try SQLiteAccountStore(database: SQLiteDatabase.inMemory())
        }
    }
}

@Suite struct AccountStoreContractTests {
    private static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    private static func record(_ username: String, hash: String = "$y$j75$salt$hash") -> AccountRecord {
        AccountRecord(username: username, passwordHash: hash, createdAt: epoch, passwordChangedAt: epoch)
    }

    @Test(arguments: AccountStoreKind.allCases)
    func createFetchUpdateDelete(kind: AccountStoreKind) async throws {
        let store = try kind.makeStore()
        try await store.createAccount(Self.record("alice"))
        #expect(try await store.account(named: "alice") == Self.record("alice"))

        let later = Self.epoch.addingTimeInterval(60)
        try await store.updatePasswordHash(of: "alice", to: "$y$j75$other$hash", changedAt: later)
        let updated = try await store.account(named: "alice")
        #expect(updated?.passwordHash == "$y$j75$other$hash")
        #expect(updated?.passwordChangedAt == later)
        #expect(updated?.createdAt == Self.epoch)

        try await store.deleteAccount(named: "alice")
        #expect(try await store.account(named: "alice") == nil)
        #expect(try await store.accountCount() == 0)
    }

    @Test(arguments: AccountStoreKind.allCases)
    func lookupIsExact(kind: AccountStoreKind) async throws {
        let store = try kind.makeStore()
        try await store.createAccount(Self.record("Alice"))
        #expect(try await store.account(named: "alice") == nil)
        #expect(try await store.account(named: "ALICE") == nil)
        #expect(try await store.account(named: "Alice")?.username == "Alice")
        await #expect(throws: AccountStoreError.accountNotFound(username: "alice")) {
            try await store.deleteAccount(named: "alice")
        }
    }

    @Test(arguments: AccountStoreKind.allCases)
    func nameEqualIgnoringASCIICaseIsRefused(kind: AccountStoreKind) async throws {
        let store = try kind.makeStore()
        try await store.createAccount(Self.record("Bob.Smith"))
        await #expect(throws: AccountStoreError.usernameTaken(requested: "bob.smith", existing: "Bob.Smith")) {
            try await store.createAccount(Self.record("bob.smith"))
        }
        await #expect(throws: AccountStoreError.usernameTaken(requested: "Bob.Smith", existing: "Bob.Smith")) {
            try await store.createAccount(Self.record("Bob.Smith"))
        }
        #expect(try await store.accountCount() == 1)
        // Once the holder is gone the name (in any case) is free again.
        try await store.deleteAccount(named: "Bob.Smith")
        try await store.createAccount(Self.record("bob.smith"))
        #expect(try await store.usernames() == ["bob.smith"])
    }

    @Test(arguments: AccountStoreKind.allCases)
    func missingAccountsAreReportedByName(kind: AccountStoreKind) async throws {
        let store = try kind.makeStore()
        await #expect(throws: AccountStoreError.accountNotFound(username: "ghost")) {
            try await store.updatePasswordHash(of: "ghost", to: "x", changedAt: Self.epoch)
        }
        await #expect(throws: AccountStoreError.accountNotFound(username: "ghost")) {
            try await store.deleteAccount(named: "ghost")
        }
    }

    @Test(arguments: AccountStoreKind.allCases)
    func listIsInByteOrderAndCountMatches(kind: AccountStoreKind) async throws {
        let store = try kind.makeStore()
        for name in ["zed", "Zoe", "alice", "_x", "9lives", "Bob"] {
            try await store.createAccount(Self.record(name))
        }
        #expect(try await store.usernames() == ["9lives", "Bob", "Zoe", "_x", "alice", "zed"])
        #expect(try await store.accountCount() == 6)
    }

    @Test(arguments: AccountStoreKind.allCases)
    func concurrentLookAlikeRegistrationsLetExactlyOneIn(kind: AccountStoreKind) async throws {
        let store = try kind.makeStore()
        let names = ["carol", "Carol", "CAROL", "cArOl", "caroL", "CaRoL"]
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for name in names {
                group.addTask {
                    do {
                        try await store.createAccount(Self.record(name))
                        return true
                    } catch is AccountStoreError {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 1)
        #expect(try await store.accountCount() == 1)
    }
}
