import BesterClient
import BesterCommandLine

/// The options every command that talks to a server takes: where, who, how.
struct ServerOptions {
    /// besterd's Bester address on embedded defaults.
    static let besterServer = "127.0.0.1:2223"

    static let interface: [CommandInterface.Option] = [
        .option("server", short: "s", value: "HOST:PORT|unix:PATH", help: "The server to talk to.", default: besterServer),
        .option("user", short: "u", value: "NAME", help: "Your account name (required)."),
        .flag("password-stdin", help: "Read the password from standard input, a line each (passwd: the current, then the new)."),
        .option("dialect", value: "DIALECT", help: "The Bester dialect to speak.", default: "v3", allowed: Dialect.allCases.map(\.rawValue)),
        .option("timeout", value: "SECONDS", help: "How long to wait to connect, and for each answer.", default: "10"),
    ]

    /// How the password may be given, for help texts.
    static let passwordHelp = """
        The password is never an argument: with --password-stdin it is the first line of
        standard input; otherwise it is the BESTER_PASSWORD environment variable; otherwise,
        in a terminal, you are asked for it.
        """

    let endpoint: Endpoint
    let username: String
    let dialect: Dialect
    let timeout: Duration
    let passwordFromStandardInput: Bool

    /// Reads the options; a missing or malformed one is a usage error.
    /// Without --server, `defaultServer`.
    init(_ parsed: ParsedArguments, usage: String, defaultServer: String = besterServer) throws(CommandLineError) {
        let server = parsed.value("server") ?? defaultServer
        do {
            endpoint = try Endpoint(parsing: server)
        } catch {
            throw .usage("--server \(error.description)", usage: usage)
        }
        guard let username = parsed.value("user"), !username.isEmpty else {
            throw .usage("missing --user NAME: the account to log in as", usage: usage)
        }
        self.username = username
        dialect = parsed.value("dialect").flatMap(Dialect.init(rawValue:)) ?? .v3
        let timeoutText = parsed.value("timeout") ?? "10"
        guard let seconds = Double(timeoutText), seconds > 0, seconds < 1e9 else {
            throw .usage("--timeout must be a number of seconds above 0, got '\(timeoutText)'", usage: usage)
        }
        timeout = .nanoseconds(Int64(seconds * 1e9))
        passwordFromStandardInput = parsed.flag("password-stdin")
    }

    /// The password: a line of standard input, the environment variable
    /// `variable`, or a prompt, in that order of preference. `what` names it
    /// when standard input has no line for it.
    func password(variable: String = "BESTER_PASSWORD", what: String = "password", prompt: String,
                  confirm: Bool = false) throws(CommandLineError) -> String {
        if let given = try givenPassword(variable: variable, what: what) { return given }
        guard PasswordInput.isInteractive else {
            throw .failure("no password: pipe it with --password-stdin, or set \(variable)")
        }
        return try PasswordInput.read(prompt: prompt, confirm: confirm)
    }

    /// The password given without asking: a line of standard input (with
    /// --password-stdin), else the environment variable `variable` if set
    /// and not empty; nil when neither.
    func givenPassword(variable: String = "BESTER_PASSWORD", what: String = "password") throws(CommandLineError) -> String? {
        if passwordFromStandardInput { return try PasswordInput.readLine(what: what) }
        return EnvironmentVariable.value(variable)
    }

    /// Connects and logs in as ``username``. Commands that do not read
    /// deliveries keep none (`eventBuffering`'s default).
    func connect(password: String, eventBuffering: EventBuffering = .dropOldest(keeping: 0),
                 reconnect: ReconnectPolicy? = nil) async throws(CommandLineError) -> BesterClient {
        do {
            return try await BesterClient.connect(to: endpoint, as: Credentials(username: username, password: password),
                                                  options: clientOptions(eventBuffering: eventBuffering, reconnect: reconnect))
        } catch {
            throw error.connectFailure(at: endpoint, speaking: .bester)
        }
    }

    /// Registers ``username`` and stays logged in as it.
    func register(password: String) async throws(CommandLineError) -> BesterClient {
        do {
            return try await BesterClient.register(at: endpoint, as: Credentials(username: username, password: password),
                                                   options: clientOptions(eventBuffering: .dropOldest(keeping: 0)))
        } catch {
            throw error.connectFailure(at: endpoint, speaking: .bester)
        }
    }

    /// Client options for these settings.
    private func clientOptions(eventBuffering: EventBuffering, reconnect: ReconnectPolicy? = nil) -> BesterClient.Options {
        BesterClient.Options(dialect: dialect, connectTimeout: timeout, requestTimeout: timeout, reconnect: reconnect,
                             eventBuffering: eventBuffering)
    }
}
