#if canImport(Glibc)
import Glibc
#endif

/// Reads passwords from standard input, never from arguments (which other
/// users can see in the process list).
public enum PasswordInput {
    /// True when standard input is a terminal (a person can be asked).
    public static var isInteractive: Bool { isatty(0) == 1 }

    /// Reads a password: with a prompt and no echo on a terminal (asking
    /// twice when `confirm`), or one line from a pipe.
    public static func read(prompt: String, confirm: Bool) throws(CommandLineError) -> String {
        guard isInteractive else { return try readLine(what: "password") }
        let first = try readWithoutEcho(prompt)
        if confirm, try readWithoutEcho("Again: ") != first {
            throw CommandLineError.failure("the two passwords differ")
        }
        return first
    }

    /// The next line of standard input, which must not be empty; `what`
    /// names it in the error.
    public static func readLine(what: String) throws(CommandLineError) -> String {
        guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandLineError.failure("no \(what) on standard input (pipe one line, or run in a terminal)")
        }
        return line
    }

    private static func readWithoutEcho(_ prompt: String) throws(CommandLineError) -> String {
        CommandGroup.printErrorWithoutNewline(prompt)
        var saved = termios()
        tcgetattr(0, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(0, TCSANOW, &silent)
        defer {
            tcsetattr(0, TCSANOW, &saved)
            CommandGroup.printError("")
        }
        guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandLineError.failure("no password given")
        }
        return line
    }
}
