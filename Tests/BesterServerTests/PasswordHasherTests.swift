import Testing
@testable import BesterServer

@Suite struct PasswordHasherTests {
    private let hasher: PasswordHasher

    init() throws {
        hasher = try PasswordHasher(cost: 1)
    }

    @Test func hashIsYescryptAtTheConfiguredCostAndVerifies() throws {
        let hash = try hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$y$j75$"))
        #expect(hasher.verify("correct horse battery", against: hash))
        #expect(!hasher.verify("correct horse batterz", against: hash))
        #expect(!hasher.verify("", against: hash))
    }

    @Test func eachHashHasItsOwnSalt() throws {
        let first = try hasher.hash("same password")
        let second = try hasher.hash("same password")
        #expect(first != second)
        #expect(hasher.verify("same password", against: first))
        #expect(hasher.verify("same password", against: second))
    }

    @Test func costSelectsTheYescryptParameters() throws {
        #expect(try PasswordHasher(cost: 5).hash("password").hasPrefix("$y$j9T$"))
    }

    @Test(arguments: [0, 12, -1])
    func unsupportedCostIsRefused(cost: Int) {
        #expect(throws: PasswordHashingError.unsupportedCost(cost, supported: 1...11)) {
            try PasswordHasher(cost: cost)
        }
    }

    /// Hashes made by other tools (`$y$` by Python's crypt over libxcrypt,
    /// `$6$`/`$5$` by `openssl passwd`, `$2b$`/`$2a$` the crypt_blowfish test vector).
    @Test(arguments: [
        ("correct horse battery", "$y$j75$Bester.Test.Salt.0123.$AaR7hT.s6Fa9HFDnBedGBCUfQilzgkcrOUmZDZRXR0C"),
        ("correct horse battery",
         "$6$Bester6Salt$/83yjHI4PTTyfdzSAYwYErkvwzWP.LsIbst90skmsrt9KAwuuqVisRTx8c5OneEMnHLu3VXCD41Wt851mrmOI1"),
        ("correct horse battery", "$5$Bester5Salt$xshpSKi18Zkt1boxUdGb0KYB/DU1LUl59zx6uRt1voD"),
        ("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
    ])
    func hashesOfOtherSchemesVerify(password: String, hash: String) {
        #expect(hasher.verify(password, against: hash))
        #expect(!hasher.verify(password + "!", against: hash))
        // Only the yescrypt vector is at this hasher's cost (1).
        #expect(hasher.needsRehash(hash) == !hash.hasPrefix("$y$j75$"))
    }

    @Test func aHashAtTheCurrentCostNeedsNoRehashButOtherCostsDo() throws {
        #expect(!hasher.needsRehash(try hasher.hash("password")))
        #expect(hasher.needsRehash(try PasswordHasher(cost: 2).hash("password")))
    }

    @Test(arguments: ["", "*", "*0", "!", "$y$", "$y$j75$", "$unknown$abc$def", "not a hash"])
    func malformedOrLockedHashesNeverMatch(hash: String) {
        #expect(!hasher.verify("", against: hash))
        #expect(!hasher.verify("password", against: hash))
    }

    @Test func passwordWithNULCannotBeHashedNorMatch() throws {
        #expect(throws: PasswordHashingError.unhashablePassword(.containsNUL)) {
            try hasher.hash("pass\u{0}word")
        }
        // crypt() would read only "pass"; make sure that prefix is not accepted.
        let hash = try hasher.hash("pass")
        #expect(!hasher.verify("pass\u{0}word", against: hash))
    }

    @Test func longestPasswordHashesAndOneByteMoreIsRefused() throws {
        let longest = String(repeating: "a", count: PasswordPolicy.maximumBytes)
        #expect(hasher.verify(longest, against: try hasher.hash(longest)))
        #expect(throws: PasswordHashingError.unhashablePassword(.tooLong(bytes: 512, maximum: 511))) {
            try hasher.hash(longest + "a")
        }
    }

    @Test func constantTimeComparisonAgreesWithEquality() {
        let stored = Array("$y$j75$salt$hash".utf8)
        #expect(ConstantTimeComparison.isEqual(stored, stored))
        #expect(!ConstantTimeComparison.isEqual(stored, Array("Xy$j75$salt$hash".utf8)))
        #expect(!ConstantTimeComparison.isEqual(stored, Array("$y$j75$salt$hasX".utf8)))
        #expect(!ConstantTimeComparison.isEqual(stored, stored.dropLast()))
        #expect(!ConstantTimeComparison.isEqual(stored, stored + [0]))
        #expect(!ConstantTimeComparison.isEqual([] as [UInt8], [0]))
        #expect(ConstantTimeComparison.isEqual([] as [UInt8], []))
        // Lengths 256 apart must not wrap around to "equal".
        #expect(!ConstantTimeComparison.isEqual([UInt8](repeating: 0, count: 256), [] as [UInt8]))
    }
}
