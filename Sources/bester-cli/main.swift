import BesterCommandLine
import Glibc

let program = CommandGroup(
    name: "bester-cli",
    abstract: "Talk to a Bester server, or inspect Bester traffic.",
    subcommands: [
        .init("send", abstract: "Send one request and print its response.") { try await SendCommand.run($0) },
        .init("listen", abstract: "Stay connected and print every delivery as it arrives.") { try await ListenCommand.run($0) },
        .init("chat", abstract: "Chat full-screen in the terminal (Bester, MessagePack chat or ChatMaster).") {
            try await ChatCommand.run($0)
        },
        .init("register", abstract: "Create an account on a server.") { try await RegisterCommand.run($0) },
        .init("passwd", abstract: "Change your password.") { try await PasswdCommand.run($0) },
        .init("decode", abstract: "Decode a captured stream (Bester frames, JSON, ...).") { try DecodeCommand.run($0) },
    ]
)

exit(await program.run(Array(CommandLine.arguments.dropFirst())).rawValue)
