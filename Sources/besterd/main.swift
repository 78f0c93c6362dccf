import BesterCommandLine
import Glibc

let program = CommandGroup(
    name: "besterd",
    abstract: "The Bester message-routing daemon.",
    subcommands: [
        .init("serve", abstract: "Run the daemon (the default when no subcommand is given).") { try await ServeCommand.run($0) },
        .init("check-config", abstract: "Check a configuration file and explain every problem.") { try CheckConfigCommand.run($0) },
        .init("user", abstract: "Manage accounts: add, remove, passwd, list.") { try await UserCommand.run($0) },
    ],
    defaultRun: { try await ServeCommand.run($0) }
)

exit(await program.run(Array(CommandLine.arguments.dropFirst())).rawValue)
