import BesterCommandLine
import Glibc

let program = CommandGroup(
    name: "bester-cli",
    abstract: "Talk to a Bester server, or inspect Bester traffic.",
    subcommands: [
        .init("decode", abstract: "Decode a captured stream (Bester frames, JSON, ...).") { try DecodeCommand.run($0) },
    ]
)

exit(await program.run(Array(CommandLine.arguments.dropFirst())).rawValue)
