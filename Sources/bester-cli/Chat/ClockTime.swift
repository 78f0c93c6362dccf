import Glibc

/// Times as the chat log shows them: `HH:MM`, local time.
enum ClockTime {
    /// Now.
    static func now() -> String {
        format(seconds: time(nil))
    }

    /// A moment given in Unix milliseconds (a stored message's `sentAt`).
    static func at(milliseconds: Int64) -> String {
        format(seconds: time_t(milliseconds / 1000))
    }

    private static func format(seconds: time_t) -> String {
        var seconds = seconds
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "--:--" }
        return twoDigits(parts.tm_hour) + ":" + twoDigits(parts.tm_min)
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
