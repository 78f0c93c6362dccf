import BesterCommandLine
import BesterServer
import Glibc

/// `besterd user add|remove|passwd|list`: administers the accounts of the
/// store the configured daemon uses. Passwords are read from standard
/// input (without echo on a terminal), never from arguments.
enum UserCommand {
    static let configOption = CommandInterface.Option.option(
        "config", short: "c", value: "file", help: "The daemon's configuration file (default: embedded defaults, ./besterd-data).")

    static let interface = CommandInterface(
        name: "besterd user",
        abstract: "Manage accounts.",
        discussion: """
            Subcommands:
              add <name>      create an account; the password is read from standard input
              remove <name>   delete an account
              passwd <name>   set a new password, read from standard input
              list            list account names
            """,
        options: [configOption],
        arguments: [.init("subcommand", help: "add, remove, passwd or list."), .init("name", help: "The account name.", optional: true)]
    )

    static func run(_ arguments: [String]) async throws {
        let parsed = try interface.parse(arguments)
        let action = parsed.positionals[0]
        let name = parsed.positional(1)
        guard ["add", "remove", "passwd", "list"].contains(action) else {
            throw CommandLineError.usage("unknown user subcommand '\(action)'", usage: interface.usageLine)
        }
        if action != "list" && name == nil {
            throw CommandLineError.usage("'besterd user \(action)' needs an account name", usage: interface.usageLine)
        }
        if action == "list", let name {
            throw CommandLineError.usage("'besterd user list' takes no account name (got '\(name)')", usage: interface.usageLine)
        }
        let configuration = try ConfigurationLoading.load(path: parsed.value("config"))
        let administration: AccountAdministration
        do {
            administration = try AccountAdministration(configuration: configuration)
        } catch {
            throw CommandLineError.failure("cannot open the account store: \(error)")
        }
        defer { administration.close() }
        let accounts = administration.accounts
        do {
            switch (action, name) {
            case ("add", let name?):
                let password = try PasswordInput.read(prompt: "Password for \(name): ", confirm: true)
                try await accounts.register(username: name, password: password)
                print("added \(name) (\(administration.location))")
            case ("remove", let name?):
                try await accounts.remove(username: name)
                print("removed \(name)")
            case ("passwd", let name?):
                let password = try PasswordInput.read(prompt: "New password for \(name): ", confirm: true)
                try await accounts.resetPassword(username: name, to: password)
                print("password of \(name) changed")
            default:
                for username in try await accounts.list() { print(username) }
            }
        } catch let error as CommandLineError {
            throw error
        } catch {
            throw CommandLineError.failure("\(error)")
        }
    }
}
