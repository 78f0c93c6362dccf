/// How a command ends other than by success; maps onto exit codes 0, 1 and 2.
public enum CommandLineError: Error, Sendable {
    /// `--help` was given: print the text, exit 0.
    case helpRequested(String)
    /// The command line was wrong: print the message and usage, exit 2.
    case usage(String, usage: String)
    /// The command ran and failed: print the message, exit 1.
    case failure(String)
}

/// Process exit statuses used by both executables.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 2
}
