extension AccountsConfiguration {
    static let keys = ["registration", "passwordHashCost", "minimumPasswordBytes", "hashingThreads",
                       "failedLoginsBeforeDelay", "failedLoginDelaySeconds", "maximumFailedLoginDelaySeconds"]

    /// Reads the `accounts` section (its `registration` key is read by the caller).
    init(reading section: ConfigurationSection) {
        self.init()
        section.warnAboutUnknownKeys(known: Self.keys)
        if let cost = section.integer("passwordHashCost", in: PasswordHasher.costRange) { hashCost = cost }
        if let bytes = section.integer("minimumPasswordBytes", in: 1...PasswordPolicy.maximumBytes) { minimumPasswordBytes = bytes }
        if let threads = section.integer("hashingThreads", in: 1...64) { hashingThreads = threads }
        if let failures = section.integer("failedLoginsBeforeDelay", in: 1...1000) { throttle.failuresBeforeDelay = failures }
        if let delay = section.seconds("failedLoginDelaySeconds") { throttle.initialDelay = delay }
        if let delay = section.seconds("maximumFailedLoginDelaySeconds") { throttle.maximumDelay = delay }
    }
}
