import Foundation

/// The accounts API the server calls: register, authenticate, change
/// password, remove, list.
///
/// Every method is `async` and returns to the caller without ever blocking
/// its thread: password hashing (milliseconds of CPU and megabytes of memory
/// each) runs on a small pool of dedicated threads, and storage runs where
/// the ``AccountStore`` puts it (the database's own queue for SQLite).
///
/// Passwords are only ever hashed: never stored, logged, or put in an error.
public final class AccountService: Sendable {
    /// The settings in force.
    public let configuration: AccountsConfiguration
    /// Where the accounts live.
    public let store: any AccountStore
    /// The login throttle (exposed for monitoring its size).
    public let throttle: LoginThrottle
    private let hasher: PasswordHasher
    private let passwordPolicy: PasswordPolicy
    private let workers: BlockingWorkPool
    /// A hash of a random password, checked when the user does not exist so
    /// that answer takes as long as a wrong password.
    private let dummyHash: String

    /// Creates the service. Computes one password hash (the timing dummy),
    /// so it takes a few milliseconds: create it at startup, not per request.
    ///
    /// - Parameter clock: the throttle's time source; tests pass one they move by hand.
    public init(
        store: any AccountStore, configuration: AccountsConfiguration = .init(),
        clock: any Clock<Duration> = ContinuousClock()
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.store = store
        hasher = try PasswordHasher(cost: configuration.hashCost)
        passwordPolicy = PasswordPolicy(minimumBytes: configuration.minimumPasswordBytes)
        throttle = LoginThrottle(configuration: configuration.throttle, clock: clock)
        workers = BlockingWorkPool(
            concurrency: configuration.hashingThreads, queueLimit: configuration.maximumWaitingHashes,
            label: "bester.password-hashing")
        dummyHash = try hasher.hash(UUID().uuidString)
    }

    /// Creates an account. Throws ``AccountError/invalidUsername(_:)``,
    /// ``AccountError/invalidPassword(_:)``,
    /// ``AccountError/usernameTaken(requested:existing:)``, or a storage error.
    public func register(username: String, password: String) async throws {
        try validateUsername(username)
        try validateNewPassword(password)
        let hash = try await hashOffThread(password)
        let now = Date()
        do {
            try await store.createAccount(
                AccountRecord(username: username, passwordHash: hash, createdAt: now, passwordChangedAt: now))
        } catch AccountStoreError.usernameTaken(let requested, let existing) {
            throw AccountError.usernameTaken(requested: requested, existing: existing)
        }
    }

    /// Checks a login. Unknown users and wrong passwords get the same
    /// ``AuthenticationResult/wrongCredentials`` after the same amount of
    /// hashing. Throttled attempts are refused before any hashing. Throws only
    /// for storage failures and ``AccountError/overloaded``.
    ///
    /// - Parameter address: the peer's IP address (no port), the throttle's second key.
    public func authenticate(username: String, password: String, from address: String) async throws
        -> AuthenticationResult
    {
        // A name that breaks the rules cannot exist; throttle its sender by address only.
        let isPlausibleName = (try? UsernamePolicy.validate(username)) != nil
        let attempt: LoginThrottle.Attempt
        switch await throttle.beginAttempt(username: isPlausibleName ? username : nil, address: address) {
        case let .throttled(retryAfter): return .throttled(retryAfter: retryAfter)
        case let .proceed(started): attempt = started
        }
        var outcome = LoginThrottle.Outcome.abandoned
        defer { throttle.finishAttempt(attempt, outcome: outcome) }

        // No hashing for what could never match (the rules are public, so
        // the quick answer tells nothing): this also caps the work per guess.
        guard isPlausibleName, (try? PasswordPolicy.validateHashable(password)) != nil else {
            outcome = .failed
            return .wrongCredentials
        }
        let account = try await store.account(named: username)
        let check = try await verifyOffThread(password, against: account?.passwordHash ?? dummyHash)
        guard let account, check.matches else {
            outcome = .failed
            return .wrongCredentials
        }
        outcome = .succeeded
        if let upgraded = check.upgradedHash {
            // Best effort: the login stands even if the upgrade cannot be saved;
            // it is tried again on the next one.
            try? await store.updatePasswordHash(of: account.username, to: upgraded, changedAt: Date())
        }
        return .success(username: account.username)
    }

    /// Replaces the password of `username` after checking the current one.
    /// Wrong current passwords count against the username's throttle. Throws
    /// ``AccountError/wrongPassword``, ``AccountError/throttled(retryAfter:)``,
    /// ``AccountError/invalidPassword(_:)``, ``AccountError/accountNotFound(username:)``.
    public func changePassword(username: String, old oldPassword: String, new newPassword: String) async throws {
        try validateNewPassword(newPassword)
        let attempt: LoginThrottle.Attempt
        switch await throttle.beginAttempt(username: username, address: nil) {
        case let .throttled(retryAfter): throw AccountError.throttled(retryAfter: retryAfter)
        case let .proceed(started): attempt = started
        }
        var outcome = LoginThrottle.Outcome.abandoned
        defer { throttle.finishAttempt(attempt, outcome: outcome) }

        guard let account = try await store.account(named: username) else {
            throw AccountError.accountNotFound(username: username)
        }
        guard try await verifyOffThread(oldPassword, against: account.passwordHash).matches else {
            outcome = .failed
            throw AccountError.wrongPassword
        }
        outcome = .succeeded
        try await setHash(of: username, to: try await hashOffThread(newPassword))
    }

    /// Sets the password of `username` without the current one: for
    /// operators (an admin command), never for a client request.
    public func resetPassword(username: String, to newPassword: String) async throws {
        try validateNewPassword(newPassword)
        try await setHash(of: username, to: try await hashOffThread(newPassword))
    }

    /// Removes the account named exactly `username`.
    public func remove(username: String) async throws {
        do {
            try await store.deleteAccount(named: username)
        } catch AccountStoreError.accountNotFound(let name) {
            throw AccountError.accountNotFound(username: name)
        }
    }

    /// Every username, in byte order.
    public func list() async throws -> [String] {
        try await store.usernames()
    }

    /// How many accounts there are.
    public func count() async throws -> Int {
        try await store.accountCount()
    }

    private func setHash(of username: String, to hash: String) async throws {
        do {
            try await store.updatePasswordHash(of: username, to: hash, changedAt: Date())
        } catch AccountStoreError.accountNotFound(let name) {
            throw AccountError.accountNotFound(username: name)
        }
    }

    private func validateUsername(_ username: String) throws(AccountError) {
        do { try UsernamePolicy.validate(username) } catch { throw .invalidUsername(error) }
    }

    private func validateNewPassword(_ password: String) throws(AccountError) {
        do { try passwordPolicy.validateNewPassword(password) } catch { throw .invalidPassword(error) }
    }

    private func hashOffThread(_ password: String) async throws -> String {
        let hasher = hasher
        return try await workers.run { try hasher.hash(password) }
    }

    /// Verifies on a worker and, on a match with an outdated hash (another
    /// scheme or cost), computes the replacement in the same trip.
    private func verifyOffThread(_ password: String, against storedHash: String) async throws
        -> (matches: Bool, upgradedHash: String?)
    {
        let hasher = hasher
        return try await workers.run {
            guard hasher.verify(password, against: storedHash) else { return (false, nil) }
            return (true, hasher.needsRehash(storedHash) ? try? hasher.hash(password) : nil)
        }
    }
}
