/// Everything tunable about accounts, with defaults fit for a server.
/// ``validate()`` names the first field that is out of range.
public struct AccountsConfiguration: Sendable, Equatable {
    /// The yescrypt cost of new password hashes, 1 ... 11. Default 5 (about
    /// 20 ms and 16 MiB per hash on the reference machine; each step doubles
    /// both; `bester-bench password-hash` measures a machine). Existing hashes at another cost still verify and are re-hashed
    /// at this cost on the next successful login. See `Docs/storage.md`.
    public var hashCost: Int
    /// The shortest new password, in UTF-8 bytes, 1 ... 511. Default 8.
    public var minimumPasswordBytes: Int
    /// Threads that hash passwords, ≥ 1. Default 2: hashing is CPU- and
    /// memory-bound, and more threads than cores only queue inside the kernel.
    public var hashingThreads: Int
    /// Hash requests that may wait for a thread, ≥ 1, before new ones are
    /// refused as ``AccountError/overloaded``. Default 256.
    public var maximumWaitingHashes: Int
    /// Login throttling. Defaults: see ``LoginThrottleConfiguration``.
    public var throttle: LoginThrottleConfiguration

    /// Creates a configuration; every default is documented on its property.
    public init(
        hashCost: Int = PasswordHasher.defaultCost,
        minimumPasswordBytes: Int = 8,
        hashingThreads: Int = 2,
        maximumWaitingHashes: Int = 256,
        throttle: LoginThrottleConfiguration = .init()
    ) {
        self.hashCost = hashCost
        self.minimumPasswordBytes = minimumPasswordBytes
        self.hashingThreads = hashingThreads
        self.maximumWaitingHashes = maximumWaitingHashes
        self.throttle = throttle
    }

    /// Throws for the first setting out of its range.
    public func validate() throws(AccountsConfigurationError) {
        func require(_ condition: Bool, _ field: String, _ rule: String, _ value: some Sendable) throws(AccountsConfigurationError) {
            guard condition else { throw AccountsConfigurationError(field: field, rule: rule, value: "\(value)") }
        }
        let costs = PasswordHasher.costRange
        try require(costs.contains(hashCost), "hashCost", "must be \(costs.lowerBound) to \(costs.upperBound)", hashCost)
        try require(
            (1...PasswordPolicy.maximumBytes).contains(minimumPasswordBytes), "minimumPasswordBytes",
            "must be 1 to \(PasswordPolicy.maximumBytes)", minimumPasswordBytes)
        try require(hashingThreads >= 1, "hashingThreads", "must be at least 1", hashingThreads)
        try require(maximumWaitingHashes >= 1, "maximumWaitingHashes", "must be at least 1", maximumWaitingHashes)
        try require(
            throttle.failuresBeforeDelay >= 1, "throttle.failuresBeforeDelay", "must be at least 1",
            throttle.failuresBeforeDelay)
        try require(throttle.initialDelay > .zero, "throttle.initialDelay", "must be positive", throttle.initialDelay)
        try require(
            throttle.maximumDelay >= throttle.initialDelay, "throttle.maximumDelay",
            "must be at least throttle.initialDelay", throttle.maximumDelay)
        try require(throttle.failureMemory > .zero, "throttle.failureMemory", "must be positive", throttle.failureMemory)
        try require(
            throttle.maximumTrackedAddresses >= 1, "throttle.maximumTrackedAddresses", "must be at least 1",
            throttle.maximumTrackedAddresses)
        try require(
            throttle.maximumTrackedUsernames >= 1, "throttle.maximumTrackedUsernames", "must be at least 1",
            throttle.maximumTrackedUsernames)
    }
}
