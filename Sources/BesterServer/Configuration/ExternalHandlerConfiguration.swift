/// How the server talks to an external handler process.
public enum HandlerConnectionMode: String, Sendable, Equatable {
    /// Connect, send one frame, read one reply, close: what handlers written
    /// for the reference daemon expect.
    case perMessage = "per-message"
    /// Keep connections open and pipeline requests; replies come in order.
    case persistent
}

/// An external message handler (`handlers.typeMap.TYPE` in the configuration).
public struct ExternalHandlerConfiguration: Sendable, Equatable {
    /// The message type it serves.
    public var type: String
    /// Unix socket the handler listens on (`unixDomainSocketPath`).
    public var socketPath: String
    /// Program besterd starts and supervises (`handlerBinary`); nil when the
    /// handler is run by someone else and besterd only connects.
    public var executable: String?
    /// Arguments for the program (`arguments`).
    public var arguments: [String] = []
    /// Working directory for the program (`workingDirectory`).
    public var workingDirectory: String?
    /// Extra environment variables for the program (`environment`).
    public var environment: [String: String] = [:]
    /// Connection mode (`mode`: `"per-message"`, the default, or `"persistent"`).
    public var mode: HandlerConnectionMode = .perMessage
    /// Connections kept open in persistent mode (`connections`).
    public var connections = 1
    /// Send `{sender, id, type, data, dialect}` instead of the bare data (`envelope`).
    public var envelope = false
    /// Overrides `limits.handlerTimeoutSeconds` for this handler (`timeoutSeconds`).
    public var timeout: Duration?

    /// A handler served on `socketPath`, with defaults for everything else.
    public init(type: String, socketPath: String, executable: String? = nil) {
        self.type = type
        self.socketPath = socketPath
        self.executable = executable
    }

    /// Where its entry sits in a configuration file, for issues about it.
    var configurationPath: String { "handlers.typeMap.\(type)" }

    static let keys = ["handlerBinary", "unixDomainSocketPath", "arguments", "workingDirectory", "environment",
                       "mode", "connections", "envelope", "timeoutSeconds"]

    init?(type: String, reading section: ConfigurationSection, resolve: (String) -> String) {
        section.warnAboutUnknownKeys(known: Self.keys)
        guard let socketPath = section.string("unixDomainSocketPath") else {
            if section.object["unixDomainSocketPath"] == nil {
                section.issues.error(section.childPath("unixDomainSocketPath"), "is required: the Unix socket the handler listens on")
            }
            return nil
        }
        let resolvedSocketPath = resolve(socketPath)
        guard resolvedSocketPath.utf8.count < 108 else {
            section.issues.error(section.childPath("unixDomainSocketPath"), "a Unix socket path must be shorter than 108 bytes")
            return nil
        }
        self.init(type: type, socketPath: resolvedSocketPath, executable: section.string("handlerBinary").map(resolve))
        arguments = section.stringArray("arguments") ?? []
        workingDirectory = section.string("workingDirectory").map(resolve)
        if let environment = section.section("environment") {
            for (key, value) in environment.object {
                guard case .string(let text) = value else {
                    section.issues.error(environment.childPath(key), "must be a string, got \(value.kindName)")
                    continue
                }
                self.environment[key] = text
            }
        }
        if let mode = section.choice("mode", ["per-message", "persistent"]) {
            self.mode = HandlerConnectionMode(rawValue: mode) ?? .perMessage
        }
        connections = section.integer("connections", in: 1...64) ?? 1
        if self.mode == .perMessage && section.object["connections"] != nil {
            section.issues.warning(section.childPath("connections"), "is used in persistent mode only; per-message opens a connection per message")
        }
        envelope = section.bool("envelope") ?? false
        timeout = section.seconds("timeoutSeconds")
    }
}
