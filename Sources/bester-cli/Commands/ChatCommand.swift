import BesterClient
import BesterCommandLine

/// `bester-cli chat`: a full-screen chat in the terminal over any of the
/// three chat protocols (`Docs/chat-cli.md`).
enum ChatCommand {
    static let interface = CommandInterface(
        name: "bester-cli chat",
        abstract: "Chat full-screen in the terminal (Bester, MessagePack chat or ChatMaster).",
        discussion: """
            Opens a chat screen: the room's log, the list of your rooms, an input line. Type
            to talk in the current room; /help lists the commands (/join, /leave, /msg,
            /rooms, /nick, /quit). Ctrl-C, or Ctrl-D on an empty line, leaves.

            --server defaults to besterd's address for the protocol: bester 127.0.0.1:2223,
            msgpack 127.0.0.1:9001, chatmaster 127.0.0.1:9000.

            \(ServerOptions.passwordHelp) On ChatMaster, no password (no --password-stdin,
            no BESTER_PASSWORD) logs in as a guest named --user.

            Colours are used when the terminal has them, unless --no-color or NO_COLOR is set.
            """,
        options: [
            .option("protocol", short: "p", value: "PROTOCOL", help: "The chat protocol to speak.", default: "bester",
                    allowed: ChatProtocol.allCases.map(\.rawValue)),
            .option("server", short: "s", value: "HOST:PORT|unix:PATH", help: "The server to talk to (default: per protocol)."),
        ] + ServerOptions.interface.filter { $0.name != "server" } + [
            .option("room", short: "r", value: "ROOM", help: "The room to be in first; joined (or created) if needed.",
                    default: "general"),
            .flag("no-color", help: "Use no colours."),
            .flag("compress", help: "ChatMaster: compress the connection with zlib."),
        ]
    )

    static func run(_ arguments: [String]) async throws {
        let parsed = try interface.parse(arguments)
        let chatProtocol = parsed.value("protocol").flatMap(ChatProtocol.init(rawValue:)) ?? .bester
        let server = try ServerOptions(parsed, usage: interface.usageLine, defaultServer: chatProtocol.defaultServer)
        let room = parsed.value("room")?.trimmingWhitespace() ?? ""
        guard !room.isEmpty else { throw CommandLineError.usage("--room must name a room", usage: interface.usageLine) }
        let environment = Self.environment(["TERM", "NO_COLOR", "COLORTERM", "LC_ALL", "LC_CTYPE", "LANG"])
        guard environment["TERM"] != "dumb" else {
            throw CommandLineError.failure("this terminal (TERM=dumb) cannot show a full-screen chat")
        }
        let terminal = try Terminal.open()
        // On ChatMaster, no password given means a guest: nothing is asked.
        let password = chatProtocol == .chatmaster
            ? try server.givenPassword()
            : try server.password(prompt: "Password for \(server.username): ")
        let backend = try await chatProtocol.connect(server, password: password, compress: parsed.flag("compress"))
        let rooms: [String]
        do throws(ChatBackendError) {
            rooms = try await backend.start()
        } catch {
            await backend.close()
            throw CommandLineError.failure(error.description)
        }
        let app = ChatApp(backend: backend, terminal: terminal,
                          style: ChatStyle.detect(environment: environment, noColorFlag: parsed.flag("no-color")),
                          server: "\(server.endpoint)", rooms: rooms, room: room)
        if case .connectionLost(let reason) = try await app.run() {
            throw CommandLineError.failure(reason)
        }
    }

    /// The variables among `names` that are set (and not empty).
    private static func environment(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = EnvironmentVariable.value(name) { values[name] = value }
        }
        return values
    }
}
