import BesterClient
import BesterCommandLine

/// `bester-cli register`: creates an account.
enum RegisterCommand {
    static let interface = CommandInterface(
        name: "bester-cli register",
        abstract: "Create an account on a server.",
        discussion: """
            Creates the account --user with the password given, when the server allows
            registration (besterd does by default on loopback).

            \(ServerOptions.passwordHelp) In a terminal you type it twice.
            """,
        options: ServerOptions.interface
    )

    static func run(_ arguments: [String]) async throws {
        let parsed = try interface.parse(arguments)
        let server = try ServerOptions(parsed, usage: interface.usageLine)
        let password = try server.password(prompt: "Password for the new account \(server.username): ", confirm: true)
        let client = try await server.register(password: password)
        let name = client.username ?? server.username
        await client.close()
        StandardOutput.line("registered \(name) on \(server.endpoint)")
    }
}
