import BesterIO
import Glibc
import Synchronization

/// How much a ``Logger`` says.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case debug, info, warning, error

    /// `debug`, `info`, `warning`, `error`.
    public var description: String {
        switch self {
        case .debug: return "debug"
        case .info: return "info"
        case .warning: return "warning"
        case .error: return "error"
        }
    }

    /// Parses a level name (also `warn`).
    public init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "error": self = .error
        default: return nil
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Writes one line per event to standard error:
/// `2026-11-21T22:17:30.123Z info connection.open conn=12 remote=127.0.0.1:51234`.
///
/// Fields are `key=value`, values quoted when they contain spaces or quotes.
/// Fields are built only when the level is enabled. Never pass secrets.
public struct Logger: Sendable {
    /// The lowest level written.
    public var level: LogLevel
    private let sink: @Sendable (String) -> Void

    /// A logger writing to standard error.
    public init(level: LogLevel = .info) {
        self.level = level
        self.sink = Logger.writeToStandardError
    }

    /// A logger handing each formatted line to `sink` (tests, embedders).
    public init(level: LogLevel, sink: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.sink = sink
    }

    /// A logger that writes nothing.
    public static let silent = Logger(level: .error) { _ in }

    /// Logs at debug level.
    public func debug(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.debug, event, fields)
    }

    /// Logs at info level.
    public func info(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.info, event, fields)
    }

    /// Logs at warning level.
    public func warning(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.warning, event, fields)
    }

    /// Logs at error level.
    public func error(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.error, event, fields)
    }

    /// Logs `event` at `level` if enabled.
    public func log(_ level: LogLevel, _ event: String, _ fields: () -> KeyValuePairs<String, String>) {
        guard level >= self.level else { return }
        var line = Self.timestamp() + " " + level.description + " " + event
        for (key, value) in fields() {
            line += " " + key + "=" + Self.quoted(value)
        }
        sink(line)
    }

    private static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") }
        guard needsQuotes else { return value }
        var escaped = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped + "\""
    }

    /// UTC time with milliseconds, ISO 8601.
    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millisText)Z"
    }

    private static let writeLock = Mutex<Void>(())

    private static let writeToStandardError: @Sendable (String) -> Void = { line in
        // One write per line, under a lock, so lines from many threads never interleave.
        writeLock.withLock { _ in FileDescriptorOutput.write(line + "\n", to: 2) }
    }
}
