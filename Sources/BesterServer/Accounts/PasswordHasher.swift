import CCrypt
import Glibc

/// Hashes passwords with yescrypt through libcrypt, and verifies hashes of
/// any scheme libcrypt knows (`$y$`, `$gy$`, `$7$`, `$2b$`, `$6$`, `$5$`, ...),
/// so an operator can import accounts from another system.
///
/// Both operations are slow on purpose (milliseconds, see `Docs/storage.md`):
/// never call them on an event-loop thread. ``AccountService`` runs them on
/// its own worker threads.
public struct PasswordHasher: Sendable {
    /// The yescrypt costs libcrypt accepts. Each step doubles time and memory.
    public static let costRange = 1...11
    /// libcrypt's own default yescrypt cost.
    public static let defaultCost = 5

    /// The yescrypt cost new hashes get.
    public let cost: Int
    /// The `$y$<params>$` start every hash at this cost shares.
    private let parametersPrefix: String

    /// Creates a hasher for new hashes at `cost` (in ``costRange``).
    public init(cost: Int = PasswordHasher.defaultCost) throws(PasswordHashingError) {
        guard Self.costRange.contains(cost) else { throw .unsupportedCost(cost, supported: Self.costRange) }
        self.cost = cost
        let setting = try Self.newSetting(cost: cost)
        // "$y$j9T$<salt>" -> "$y$j9T$"
        parametersPrefix = String(setting.split(separator: "$", omittingEmptySubsequences: false).prefix(3)
            .joined(separator: "$")) + "$"
    }

    /// Hashes `password` with yescrypt at ``cost`` and a fresh random salt,
    /// giving a self-describing string such as `$y$j9T$<salt>$<hash>`.
    public func hash(_ password: String) throws(PasswordHashingError) -> String {
        do {
            try PasswordPolicy.validateHashable(password)
        } catch {
            throw .unhashablePassword(error)
        }
        let setting = try Self.newSetting(cost: cost)
        guard let hashed = Self.crypt(password, setting: setting) else {
            throw .libcryptFailed("crypt_rn refused a yescrypt setting it generated (errno \(errno))")
        }
        return hashed
    }

    /// True when `password` matches `storedHash`. The freshly computed hash is
    /// compared with the stored one in constant time. A malformed or unknown
    /// hash, or a password that cannot be hashed, never matches.
    public func verify(_ password: String, against storedHash: String) -> Bool {
        guard !storedHash.isEmpty, (try? PasswordPolicy.validateHashable(password)) != nil,
              let computed = Self.crypt(password, setting: storedHash)
        else { return false }
        return ConstantTimeComparison.isEqual(computed.utf8, storedHash.utf8)
    }

    /// True when `storedHash` is not yescrypt at this hasher's cost: after a
    /// successful login such an account should be re-hashed.
    public func needsRehash(_ storedHash: String) -> Bool {
        !storedHash.hasPrefix(parametersPrefix)
    }

    /// A new yescrypt setting (parameters and salt); libcrypt draws the salt
    /// from the kernel's random source itself when given no random bytes.
    private static func newSetting(cost: Int) throws(PasswordHashingError) -> String {
        var output = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let setting = output.withUnsafeMutableBufferPointer { buffer in
            crypt_gensalt_rn("$y$", UInt(cost), nil, 0, buffer.baseAddress, Int32(buffer.count))
        }
        guard setting != nil else {
            throw .libcryptFailed("crypt_gensalt_rn could not make a yescrypt salt (errno \(errno))")
        }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `crypt_rn(password, setting)`, or nil when libcrypt refuses (unknown
    /// scheme, malformed setting, password too long).
    private static func crypt(_ password: String, setting: String) -> String? {
        // crypt_rn's work area (32 KiB); it holds derived secrets, so it is
        // zeroed before and (with a store the compiler may not drop) after use.
        let size = MemoryLayout<crypt_data>.size
        let workArea = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        workArea.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            explicit_bzero(workArea, size)
            workArea.deallocate()
        }
        guard let result = crypt_rn(password, setting, workArea, Int32(size)) else { return nil }
        let hashed = String(cString: result)
        // Some schemes signal failure with a "*0"/"*1" token instead of null.
        return hashed.hasPrefix("*") ? nil : hashed
    }
}
