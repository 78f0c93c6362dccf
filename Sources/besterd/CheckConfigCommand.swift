import BesterCommandLine
import BesterServer

/// `besterd check-config FILE`: lists every problem with its JSON path.
enum CheckConfigCommand {
    static let interface = CommandInterface(
        name: "besterd check-config",
        abstract: "Check a configuration file and explain every problem with its JSON path.",
        discussion: "Exit status: 0 when the file is usable (warnings may be printed), 1 when it has errors.",
        arguments: [.init("file", help: "The JSON configuration file.")]
    )

    static func run(_ arguments: [String]) throws {
        let parsed = try interface.parse(arguments)
        let path = parsed.positionals[0]
        let (read, readIssues) = ServerConfiguration.check(path: path)
        let issues = readIssues + (read?.handlerProgramIssues() ?? [])
        for issue in issues { print("\(path): \(issue)") }
        guard let configuration = read, !issues.contains(where: { $0.severity == .error }) else {
            throw CommandLineError.failure("\(path): \(issues.filter { $0.severity == .error }.count) error(s)")
        }
        print("\(path): OK")
        for listener in configuration.listeners { print("  listen      bester \(listener)") }
        for (name, listener) in [("chatmaster", configuration.chatMaster), ("msgpack-chat", configuration.messagePackChat)] {
            guard let listener else {
                print("  listen      \(name) disabled")
                continue
            }
            let idle = listener.idleTimeout.map { "\($0.components.seconds) s" } ?? "off"
            print("  listen      \(name) \(listener) (login within \(listener.loginTimeout.components.seconds) s, idle timeout \(idle))")
        }
        let chat = configuration.chat
        let flood = chat.messagesPerSecond == 0 ? "no flood control" : "\(chat.messagesPerSecond) messages/s per user"
        print("  chat        messages up to \(chat.maxMessageBytes) bytes, \(flood), \(chat.maxRoomsPerUser) rooms per user, "
              + "\(chat.maxMembersPerRoom) members per room")
        switch configuration.storage {
        case .directory(let directory): print("  storage     \(directory)")
        case .memory: print("  storage     in memory (nothing kept after exit)")
        }
        print("  register    \(configuration.registrationOpen ? "open" : "closed")")
        print("  built-ins   \(configuration.builtinHandlers.joined(separator: ", "))")
        for handler in configuration.externalHandlers {
            let program = handler.executable.map { "runs \($0)" } ?? "started elsewhere"
            print("  handler     \(handler.type): unix:\(handler.socketPath), \(handler.mode.rawValue), \(program)")
        }
    }
}
