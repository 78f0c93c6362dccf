import BesterClient
import BesterCommandLine

/// `bester-cli passwd`: changes your password.
enum PasswdCommand {
    static let interface = CommandInterface(
        name: "bester-cli passwd",
        abstract: "Change your password.",
        discussion: """
            Logs in with the current password and sets a new one.

            With --password-stdin, standard input holds two lines: the current password,
            then the new one. Otherwise the current password is BESTER_PASSWORD and the
            new one BESTER_NEW_PASSWORD; in a terminal, what is missing is asked for.
            """,
        options: ServerOptions.interface
    )

    static func run(_ arguments: [String]) async throws {
        let parsed = try interface.parse(arguments)
        let server = try ServerOptions(parsed, usage: interface.usageLine)
        let current = try server.password(prompt: "Current password for \(server.username): ")
        let new = try server.password(variable: "BESTER_NEW_PASSWORD", what: "new password (the second line)", prompt: "New password: ",
                                      confirm: true)
        let client = try await server.connect(password: current)
        let outcome: BesterClientError?
        do {
            try await client.changePassword(from: current, to: new)
            outcome = nil
        } catch {
            outcome = error
        }
        await client.close()
        if let outcome { throw outcome.commandLineError }
        StandardOutput.line("password of \(server.username) changed")
    }
}
