import BesterClient
import BesterCommandLine

/// `bester-cli listen`: stays connected and prints every delivery.
enum ListenCommand {
    static let interface = CommandInterface(
        name: "bester-cli listen",
        abstract: "Stay connected and print every delivery as it arrives.",
        discussion: """
            Prints each delivery on standard output as one JSON object per line:
              {"from":"alice","type":"chat","data":{"text":"hi"}}
            Notices from the server (shutdown, idle timeout) go to standard error. Without
            --reconnect, a lost connection ends the command with status 1.

            \(ServerOptions.passwordHelp)
            """,
        options: ServerOptions.interface + [
            .flag("pretty", help: "Print each delivery as indented JSON."),
            .flag("reconnect", help: "After losing the connection, reconnect and log in again."),
        ]
    )

    static func run(_ arguments: [String]) async throws {
        let parsed = try interface.parse(arguments)
        let server = try ServerOptions(parsed, usage: interface.usageLine)
        let pretty = parsed.flag("pretty")
        let password = try server.password(prompt: "Password for \(server.username): ")
        let client = try await server.connect(password: password, eventBuffering: .standard,
                                              reconnect: parsed.flag("reconnect") ? .standard : nil)
        CommandGroup.printError("listening as \(client.username ?? server.username) on \(server.endpoint) (\(server.dialect))")
        var lastLoss: BesterClientError?
        for await event in client.events {
            switch event {
            case .delivery(let delivery):
                StandardOutput.line(MessageFormatting.delivery(delivery, pretty: pretty))
            case .notice(let notice):
                CommandGroup.printError("notice: \(notice.message) (\(notice.event))")
            case .response:
                break
            case .disconnected(let error):
                lastLoss = error
                if client.options.reconnect != nil { CommandGroup.printError("\(error); reconnecting") }
            case .reconnected:
                lastLoss = nil
                CommandGroup.printError("reconnected")
            }
        }
        if let lastLoss { throw lastLoss.commandLineError }
    }
}
