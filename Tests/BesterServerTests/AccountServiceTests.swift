import Foundation
import Testing
@testable import BesterServer

@Suite struct AccountServiceTests {
    private static let configuration = AccountsConfiguration(hashCost: 1)

    private func service(_ kind: AccountStoreKind, clock: ManualClock = ManualClock(),
                         configuration: AccountsConfiguration = Self.configuration) throws -> AccountService {
        try AccountService(store: kind.makeStore(), configuration: configuration, clock: clock)
    }

    @Test(arguments: AccountStoreKind.allCases)
    func registerAuthenticateChangeRemove(kind: AccountStoreKind) async throws {
        let accounts = try service(kind)
        try await accounts.register(username: "alice", password: "first password")
        #expect(try await accounts.authenticate(username: "alice", password: "first password", from: "192.0.2.1")
            == .success(username: "alice"))

        try await accounts.changePassword(username: "alice", old: "first password", new: "second password")
        #expect(try await accounts.authenticate(username: "alice", password: "first password", from: "192.0.2.1")
            == .wrongCredentials)
        #expect(try await accounts.authenticate(username: "alice", password: "second password", from: "192.0.2.1")
            == .success(username: "alice"))

        #expect(try await accounts.list() == ["alice"])
        #expect(try await accounts.count() == 1)
        try await accounts.remove(username: "alice")
        #expect(try await accounts.list() == [])
        #expect(try await accounts.authenticate(username: "alice", password: "second password", from: "192.0.2.1")
            == .wrongCredentials)
        await #expect(throws: AccountError.accountNotFound(username: "alice")) {
            try await accounts.remove(username: "alice")
        }
    }

    @Test(arguments: AccountStoreKind.allCases)
    func storedHashIsYescryptNeverThePassword(kind: AccountStoreKind) async throws {
        let accounts = try service(kind)
        try await accounts.register(username: "alice", password: "a secret password")
        let record = try #require(try await accounts.store.account(named: "alice"))
        #expect(record.passwordHash.hasPrefix("$y$j75$"))
        #expect(!record.passwordHash.contains("a secret password"))
    }

    @Test func unknownUserAndWrongPasswordGetTheSameAnswer() async throws {
        let accounts = try service(.sqlite)
        try await accounts.register(username: "alice", password: "right password")
        let wrongPassword = try await accounts.authenticate(username: "alice", password: "wrong password", from: "192.0.2.1")
        let unknownUser = try await accounts.authenticate(username: "mallory", password: "right password", from: "192.0.2.2")
        #expect(wrongPassword == .wrongCredentials)
        #expect(unknownUser == wrongPassword)
        // Both count as failures, for the username and the address alike.
        #expect(accounts.throttle.trackedUsernameCount == 2)
        #expect(accounts.throttle.trackedAddressCount == 2)
    }

    @Test func lookAlikeRegistrationIsRefusedNamingTheExistingAccount() async throws {
        let accounts = try service(.sqlite)
        try await accounts.register(username: "Alice", password: "password one")
        await #expect(throws: AccountError.usernameTaken(requested: "alice", existing: "Alice")) {
            try await accounts.register(username: "alice", password: "password two")
        }
        await #expect(throws: AccountError.usernameTaken(requested: "Alice", existing: "Alice")) {
            try await accounts.register(username: "Alice", password: "password two")
        }
        #expect(try await accounts.authenticate(username: "alice", password: "password one", from: "192.0.2.1")
            == .wrongCredentials)
    }

    @Test(arguments: [
        ("", UsernameViolation.empty),
        (String(repeating: "a", count: 33), .tooLong(length: 33, maximum: 32)),
        ("_alice", .invalidFirstCharacter("_")),
        (".alice", .invalidFirstCharacter(".")),
        ("-alice", .invalidFirstCharacter("-")),
        ("al ice", .invalidCharacter(" ", offset: 2)),
        ("alicé", .invalidCharacter("é", offset: 4)),
        ("аlice", .invalidFirstCharacter("а")),  // Cyrillic а
        ("alice@host", .invalidCharacter("@", offset: 5)),
    ])
    func usernameRulesEachHaveTheirOwnError(username: String, violation: UsernameViolation) async throws {
        let accounts = try service(.inMemory)
        await #expect(throws: AccountError.invalidUsername(violation)) {
            try await accounts.register(username: username, password: "long enough password")
        }
    }

    @Test func aCharacterIsNamedByItsPlaceCountingFromOne() {
        #expect(UsernameViolation.invalidCharacter("!", offset: 3).description.hasPrefix("username: character 4 is "))
    }

    @Test(arguments: ["a", "Z", "0", "a.b-c_d", "9lives", String(repeating: "x", count: 32)])
    func usernamesWithinTheRulesAreAccepted(username: String) async throws {
        let accounts = try service(.inMemory)
        try await accounts.register(username: username, password: "long enough password")
        #expect(try await accounts.list() == [username])
    }

    @Test func passwordRulesEachHaveTheirOwnError() async throws {
        let accounts = try service(.inMemory)
        await #expect(throws: AccountError.invalidPassword(.tooShort(bytes: 7, minimum: 8))) {
            try await accounts.register(username: "alice", password: "1234567")
        }
        // Bytes, not characters: four two-byte characters are enough.
        try await accounts.register(username: "bob", password: "éééé")
        await #expect(throws: AccountError.invalidPassword(.tooLong(bytes: 512, maximum: 511))) {
            try await accounts.register(username: "carol", password: String(repeating: "p", count: 512))
        }
        await #expect(throws: AccountError.invalidPassword(.containsNUL)) {
            try await accounts.register(username: "carol", password: "password\u{0}tail")
        }
        await #expect(throws: AccountError.invalidPassword(.tooShort(bytes: 3, minimum: 8))) {
            try await accounts.changePassword(username: "bob", old: "éééé", new: "new")
        }
        #expect(try await accounts.list() == ["bob"])
    }

    @Test func minimumPasswordLengthIsConfigurableAndNotAppliedToLogin() async throws {
        let lenient = AccountsConfiguration(hashCost: 1, minimumPasswordBytes: 3)
        let store = InMemoryAccountStore()
        try await AccountService(store: store, configuration: lenient).register(username: "old", password: "abc")
        let strict = try AccountService(store: store, configuration: Self.configuration)
        #expect(try await strict.authenticate(username: "old", password: "abc", from: "192.0.2.1") == .success(username: "old"))
    }

    @Test func changePasswordNeedsTheCurrentPassword() async throws {
        let accounts = try service(.sqlite)
        try await accounts.register(username: "alice", password: "current password")
        await #expect(throws: AccountError.wrongPassword) {
            try await accounts.changePassword(username: "alice", old: "not the password", new: "new password")
        }
        await #expect(throws: AccountError.accountNotFound(username: "nobody")) {
            try await accounts.changePassword(username: "nobody", old: "whatever", new: "new password")
        }
        #expect(try await accounts.authenticate(username: "alice", password: "current password", from: "192.0.2.1")
            == .success(username: "alice"))
    }

    @Test func resetPasswordNeedsNoCurrentPassword() async throws {
        let accounts = try service(.sqlite)
        try await accounts.register(username: "alice", password: "forgotten password")
        try await accounts.resetPassword(username: "alice", to: "operator's choice")
        #expect(try await accounts.authenticate(username: "alice", password: "operator's choice", from: "192.0.2.1")
            == .success(username: "alice"))
        await #expect(throws: AccountError.accountNotFound(username: "ghost")) {
            try await accounts.resetPassword(username: "ghost", to: "operator's choice")
        }
    }

    @Test func importedHashOfAnotherSchemeLogsInAndIsUpgradedToYescrypt() async throws {
        let store = InMemoryAccountStore()
        let imported = "$6$Bester6Salt$/83yjHI4PTTyfdzSAYwYErkvwzWP.LsIbst90skmsrt9KAwuuqVisRTx8c5OneEMnHLu3VXCD41Wt851mrmOI1"
        try await store.createAccount(AccountRecord(username: "legacy", passwordHash: imported, createdAt: Date(), passwordChangedAt: Date()))
        let accounts = try AccountService(store: store, configuration: Self.configuration)
        #expect(try await accounts.authenticate(username: "legacy", password: "correct horse battery", from: "192.0.2.1")
            == .success(username: "legacy"))
        let upgraded = try #require(try await store.account(named: "legacy")).passwordHash
        #expect(upgraded.hasPrefix("$y$j75$"))
        #expect(try await accounts.authenticate(username: "legacy", password: "correct horse battery", from: "192.0.2.1")
            == .success(username: "legacy"))
    }

    @Test func repeatedFailuresForOneUserAreThrottledEvenWithTheRightPassword() async throws {
        let clock = ManualClock()
        let accounts = try service(.sqlite, clock: clock)
        try await accounts.register(username: "alice", password: "right password")
        for index in 0..<5 {
            #expect(try await accounts.authenticate(username: "alice", password: "guess \(index)", from: "192.0.2.\(index)")
                == .wrongCredentials)
        }
        #expect(try await accounts.authenticate(username: "alice", password: "right password", from: "198.51.100.1")
            == .throttled(retryAfter: .seconds(1)))
        clock.advance(by: .seconds(1))
        #expect(try await accounts.authenticate(username: "alice", password: "right password", from: "198.51.100.1")
            == .success(username: "alice"))
        // Success cleared the count: one more failure is not throttled yet.
        #expect(try await accounts.authenticate(username: "alice", password: "guess", from: "198.51.100.1") == .wrongCredentials)
        #expect(try await accounts.authenticate(username: "alice", password: "right password", from: "198.51.100.2")
            == .success(username: "alice"))
    }

    @Test func repeatedFailuresFromOneAddressAreThrottledAcrossUsers() async throws {
        let clock = ManualClock()
        let accounts = try service(.sqlite, clock: clock)
        try await accounts.register(username: "victim", password: "right password")
        for index in 0..<5 {
            #expect(try await accounts.authenticate(username: "user\(index)", password: "guess", from: "203.0.113.66")
                == .wrongCredentials)
        }
        #expect(try await accounts.authenticate(username: "victim", password: "right password", from: "203.0.113.66")
            == .throttled(retryAfter: .seconds(1)))
        #expect(try await accounts.authenticate(username: "victim", password: "right password", from: "203.0.113.67")
            == .success(username: "victim"))
    }

    @Test func malformedLoginsCountAgainstTheAddressWithoutHashing() async throws {
        let accounts = try service(.inMemory)
        for name in ["", "bad name", String(repeating: "x", count: 100), "_x", "é"] {
            #expect(try await accounts.authenticate(username: name, password: "password", from: "203.0.113.5") == .wrongCredentials)
        }
        #expect(accounts.throttle.trackedUsernameCount == 0)
        #expect(try await accounts.authenticate(username: "fine", password: "password", from: "203.0.113.5")
            == .throttled(retryAfter: .seconds(1)))
    }

    @Test func wrongCurrentPasswordsThrottleChangePassword() async throws {
        let accounts = try service(.inMemory)
        try await accounts.register(username: "alice", password: "current password")
        for _ in 0..<5 {
            await #expect(throws: AccountError.wrongPassword) {
                try await accounts.changePassword(username: "alice", old: "guess", new: "new password")
            }
        }
        await #expect(throws: AccountError.throttled(retryAfter: .seconds(1))) {
            try await accounts.changePassword(username: "alice", old: "current password", new: "new password")
        }
    }

    @Test func invalidConfigurationNamesTheSetting() {
        #expect(throws: AccountsConfigurationError(field: "hashCost", rule: "must be 1 to 11", value: "0")) {
            try AccountService(store: InMemoryAccountStore(), configuration: AccountsConfiguration(hashCost: 0))
        }
        let badThrottle = AccountsConfiguration(throttle: .init(initialDelay: .seconds(10), maximumDelay: .seconds(1)))
        let error = #expect(throws: AccountsConfigurationError.self) { try badThrottle.validate() }
        #expect(error?.description == "throttle.maximumDelay: must be at least throttle.initialDelay (it is 1.0 seconds)")
        #expect(throws: Never.self) { try AccountsConfiguration().validate() }
    }
}
