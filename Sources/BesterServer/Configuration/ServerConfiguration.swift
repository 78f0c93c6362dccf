import BesterProtocol
import Foundation

/// Everything a ``BesterServer`` needs to know, with embedded defaults.
///
/// Read from a JSON file with ``load(path:)``: the reference daemon's keys
/// work as they are (`network.types`, `network.tcp4/tcp6/unix`,
/// `handlers.availableTypes/typeMap`), and this project's additions sit
/// beside them. See Docs/operations.md for every key.
public struct ServerConfiguration: Sendable {
    /// Where accounts and chat data are kept.
    public enum Storage: Sendable, Equatable {
        /// A SQLite database in this directory (created if missing).
        case directory(String)
        /// Nothing written to disk: for tests and embedders.
        case memory
    }

    /// Addresses the Bester protocol is served on.
    public var listeners: [ListenerConfiguration]
    /// Where data lives (`storage.directory`).
    public var storage: Storage
    /// Whether clients may create accounts with the `register` built-in
    /// (`accounts.registration`: `"open"` or `"closed"`).
    public var registrationOpen: Bool
    /// Password hashing, password rules and login throttling (`accounts`).
    public var accounts: AccountsConfiguration
    /// Resource limits.
    public var limits: LimitsConfiguration
    /// Built-in handler types that are enabled (`handlers.builtins`).
    public var builtinHandlers: [String]
    /// External handler processes, by type.
    public var externalHandlers: [ExternalHandlerConfiguration]
    /// The lowest log level written (`logging.level`).
    public var logLevel: LogLevel
    /// Chat limits, the same for every protocol (`chat`).
    public var chat = ChatConfiguration()
    /// The ChatMaster listener (`chatmaster`); nil when disabled.
    public var chatMaster: ChatListenerConfiguration? = ServerConfiguration.defaultChatMaster
    /// The MessagePack chat listener (`msgpackChat`); nil when disabled.
    public var messagePackChat: ChatListenerConfiguration? = ServerConfiguration.defaultMessagePackChat
    /// True for the embedded defaults: listeners are loopback only, which is
    /// what makes open registration a safe default.
    public private(set) var isEmbeddedDefault: Bool

    /// Built-in handler types this build provides.
    public static let availableBuiltinHandlers = ["echo", "dummy", "chat"]

    /// ChatMaster on 127.0.0.1:9000, the port `004` names.
    public static let defaultChatMaster = ChatListenerConfiguration(host: "127.0.0.1", port: 9000)
    /// MessagePack chat on 127.0.0.1:9001, next to ChatMaster.
    public static let defaultMessagePackChat = ChatListenerConfiguration(host: "127.0.0.1", port: 9001)

    /// What `besterd` runs with no configuration file: Bester on
    /// 127.0.0.1:2223 and [::1]:2224, ChatMaster on 127.0.0.1:9000,
    /// MessagePack chat on 127.0.0.1:9001, data in `./besterd-data`,
    /// built-in handlers on, registration open (loopback only).
    public static var embeddedDefaults: ServerConfiguration {
        ServerConfiguration(
            listeners: [.tcp(host: "127.0.0.1", port: 2223), .tcp(host: "::1", port: 2224)],
            storage: .directory("./besterd-data"),
            registrationOpen: true,
            accounts: AccountsConfiguration(),
            limits: LimitsConfiguration(),
            builtinHandlers: availableBuiltinHandlers,
            externalHandlers: [],
            logLevel: .info,
            isEmbeddedDefault: true
        )
    }

    /// A configuration for tests and embedders: one loopback listener per
    /// protocol on a free port, in-memory storage, open registration.
    public static var ephemeral: ServerConfiguration {
        var configuration = embeddedDefaults
        configuration.listeners = [.tcp(host: "127.0.0.1", port: 0)]
        configuration.chatMaster?.port = 0
        configuration.messagePackChat?.port = 0
        configuration.storage = .memory
        configuration.isEmbeddedDefault = false
        return configuration
    }

    /// Creates a configuration. The chat front-ends keep their defaults,
    /// ChatMaster on 127.0.0.1:9000 and MessagePack chat on 127.0.0.1:9001:
    /// set ``chatMaster`` and ``messagePackChat`` to nil (or to port 0) when
    /// embedding a server that must not take those ports. ``ephemeral``
    /// gives free ports for everything.
    public init(listeners: [ListenerConfiguration], storage: Storage, registrationOpen: Bool,
                accounts: AccountsConfiguration, limits: LimitsConfiguration,
                builtinHandlers: [String], externalHandlers: [ExternalHandlerConfiguration], logLevel: LogLevel,
                isEmbeddedDefault: Bool = false) {
        self.listeners = listeners
        self.storage = storage
        self.registrationOpen = registrationOpen
        self.accounts = accounts
        self.limits = limits
        self.builtinHandlers = builtinHandlers
        self.externalHandlers = externalHandlers
        self.logLevel = logLevel
        self.isEmbeddedDefault = isEmbeddedDefault
    }

    // MARK: Reading a file

    /// Reads and checks a configuration file. Throws when it has errors;
    /// otherwise returns it with any warnings.
    public static func load(path: String) throws(ConfigurationError) -> (ServerConfiguration, warnings: [ConfigurationIssue]) {
        let (configuration, issues) = check(path: path)
        guard let configuration else { throw ConfigurationError(issues: issues) }
        return (configuration, issues)
    }

    /// Reads a configuration file and reports every issue; the configuration
    /// is nil when there are errors.
    public static func check(path: String) -> (ServerConfiguration?, [ConfigurationIssue]) {
        let files = FileManager.default
        guard let data = files.contents(atPath: path) else {
            let why = !files.fileExists(atPath: path) ? "no such file"
                : files.isReadableFile(atPath: path) ? "not a regular file" : "permission denied"
            return (nil, [ConfigurationIssue(.error, at: "", "cannot read '\(path)': \(why)")])
        }
        let bytes = Array(data)
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            // People find a place in a file by line and column.
            let before = bytes.prefix(error.offset)
            let line = before.count { $0 == UInt8(ascii: "\n") } + 1
            let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return (nil, [ConfigurationIssue(.error, at: "", "'\(path)' is not valid JSON at line \(line), column \(column) (\(error))")])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return parse(json, relativeTo: directory)
    }

    /// Interprets a parsed configuration. Relative paths in it are taken
    /// relative to `baseDirectory` (the configuration file's directory).
    public static func parse(_ json: JSONValue, relativeTo baseDirectory: String) -> (ServerConfiguration?, [ConfigurationIssue]) {
        let issues = ConfigurationIssues()
        guard case .object(let object) = json else {
            issues.error("", "the configuration must be a JSON object, got \(json.kindName)")
            return (nil, issues.all)
        }
        let root = ConfigurationSection(path: "", object: object, issues: issues)
        root.warnAboutUnknownKeys(known: ["network", "handlers", "database", "storage", "accounts", "limits", "logging",
                                          "chat", "chatmaster", "msgpackChat"])
        if root.object["database"] != nil {
            issues.warning("database", "the reference daemon's database section is ignored: accounts live in storage.directory")
        }
        let resolve = { (path: String) -> String in
            path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
        }
        var configuration = embeddedDefaults
        configuration.isEmbeddedDefault = false
        configuration.registrationOpen = false
        configuration.listeners = readNetwork(root.section("network"), issues: issues, resolve: resolve)
        // Relative paths, the default one included, are relative to the configuration file.
        configuration.storage = .directory(resolve("besterd-data"))
        if let storage = root.section("storage") {
            storage.warnAboutUnknownKeys(known: ["directory"])
            if let directory = storage.string("directory") {
                configuration.storage = directory == ":memory:" ? .memory : .directory(resolve(directory))
            }
        }
        if let accounts = root.section("accounts") {
            if let registration = accounts.choice("registration", ["open", "closed"]) {
                configuration.registrationOpen = registration == "open"
            }
            configuration.accounts = AccountsConfiguration(reading: accounts)
        }
        configuration.limits = LimitsConfiguration(reading: root.section("limits"))
        configuration.chat = ChatConfiguration(reading: root.section("chat"))
        configuration.chatMaster = ChatListenerConfiguration.read(root.section("chatmaster"), defaults: defaultChatMaster, issues: issues)
        configuration.messagePackChat = ChatListenerConfiguration.read(root.section("msgpackChat"), defaults: defaultMessagePackChat,
                                                                       issues: issues)
        ChatListenerConfiguration.reportSharedPorts(chatMaster: configuration.chatMaster, messagePackChat: configuration.messagePackChat,
                                                    bester: configuration.listeners, issues: issues)
        if let logging = root.section("logging") {
            logging.warnAboutUnknownKeys(known: ["level"])
            if let level = logging.choice("level", LogLevel.allCases.map(\.description)) {
                configuration.logLevel = LogLevel(name: level) ?? .info
            }
        }
        (configuration.builtinHandlers, configuration.externalHandlers) =
            readHandlers(root.section("handlers"), issues: issues, resolve: resolve)
        return (issues.hasErrors ? nil : configuration, issues.all)
    }

    private static func readNetwork(_ network: ConfigurationSection?, issues: ConfigurationIssues,
                                    resolve: (String) -> String) -> [ListenerConfiguration] {
        guard let network else { return embeddedDefaults.listeners }
        network.warnAboutUnknownKeys(known: ["types", "tcp4", "tcp6", "unix"])
        let types = network.stringArray("types") ?? ["tcp4", "tcp6", "unix"].filter { network.object[$0] != nil }
        for type in ["tcp4", "tcp6", "unix"] where network.object[type] != nil && !types.contains(type) {
            issues.warning("network.\(type)", "ignored: network.types does not list \"\(type)\"")
        }
        var listeners: [ListenerConfiguration] = []
        for (index, type) in types.enumerated() {
            guard ["tcp4", "tcp6", "unix"].contains(type) else {
                issues.error("network.types[\(index)]", "must be \"tcp4\", \"tcp6\" or \"unix\", got \"\(type)\"")
                continue
            }
            guard let section = network.section(type) else {
                if network.object[type] == nil { issues.error("network.\(type)", "is required because network.types lists \"\(type)\"") }
                continue
            }
            if type == "unix" {
                section.warnAboutUnknownKeys(known: ["address"])
                guard let path = section.string("address") else {
                    if section.object["address"] == nil { issues.error(section.childPath("address"), "is required: the socket path") }
                    continue
                }
                guard path.utf8.count < 108 else {
                    issues.error(section.childPath("address"), "a Unix socket path must be shorter than 108 bytes")
                    continue
                }
                listeners.append(.unix(path: resolve(path)))
                continue
            }
            section.warnAboutUnknownKeys(known: ["address", "port"])
            let address = section.string("address") ?? (type == "tcp4" ? "127.0.0.1" : "::1")
            let isValid = type == "tcp4" ? SocketAddressText.isIPv4(address) : SocketAddressText.isIPv6(address)
            if !isValid {
                issues.error(section.childPath("address"), "must be a numeric \(type == "tcp4" ? "IPv4" : "IPv6") address, got \"\(address)\"")
            }
            let port = section.port("port")
            if section.object["port"] == nil { issues.error(section.childPath("port"), "is required") }
            if isValid, let port { listeners.append(.tcp(host: address, port: port)) }
        }
        if listeners.isEmpty && !issues.hasErrors {
            issues.error("network", "no listener is configured: add tcp4, tcp6 or unix")
        }
        return listeners
    }

    private static func readHandlers(_ handlers: ConfigurationSection?, issues: ConfigurationIssues,
                                     resolve: (String) -> String) -> ([String], [ExternalHandlerConfiguration]) {
        guard let handlers else { return (availableBuiltinHandlers, []) }
        handlers.warnAboutUnknownKeys(known: ["availableTypes", "typeMap", "builtins"])
        var builtins = availableBuiltinHandlers
        if let listed = handlers.stringArray("builtins") {
            for (index, name) in listed.enumerated() where !availableBuiltinHandlers.contains(name) {
                issues.error("handlers.builtins[\(index)]",
                             "unknown built-in handler \"\(name)\" (available: \(availableBuiltinHandlers.joined(separator: ", ")))")
            }
            builtins = listed.filter { availableBuiltinHandlers.contains($0) }
        }
        let available = handlers.stringArray("availableTypes")
        let typeMap = handlers.section("typeMap")
        var external: [ExternalHandlerConfiguration] = []
        for (type, value) in typeMap?.object ?? JSONObject() {
            guard let typeMap else { break }
            let path = typeMap.childPath(type)
            guard case .object(let entry) = value else {
                issues.error(path, "must be an object with unixDomainSocketPath (and handlerBinary), got \(value.kindName)")
                continue
            }
            if builtins.contains(type) || type == "builtin" {
                issues.error(path, "\"\(type)\" is a built-in type and cannot be given to an external handler")
                continue
            }
            if let available, !available.contains(type) {
                issues.warning(path, "not listed in handlers.availableTypes, so not enabled")
                continue
            }
            let section = ConfigurationSection(path: path, object: entry, issues: issues)
            if let handler = ExternalHandlerConfiguration(type: type, reading: section, resolve: resolve) {
                external.append(handler)
            }
        }
        // Types may share one program (only one of them names it), but two programs cannot listen on one socket.
        var programOnSocket: [String: String] = [:]
        for handler in external where handler.executable != nil {
            guard let first = programOnSocket[handler.socketPath] else {
                programOnSocket[handler.socketPath] = handler.type
                continue
            }
            issues.error(handler.configurationPath + ".unixDomainSocketPath",
                         "\"\(first)\" already runs a program on \(handler.socketPath), and two programs cannot listen on one socket "
                             + "(leave out handlerBinary here to send \"\(handler.type)\" to \"\(first)\"'s program)")
        }
        for (index, type) in (available ?? []).enumerated()
        where !builtins.contains(type) && typeMap?.object[type] == nil {
            issues.error("handlers.availableTypes[\(index)]", "\"\(type)\" has no entry in handlers.typeMap and is not a built-in type")
        }
        return (builtins, external)
    }
}
