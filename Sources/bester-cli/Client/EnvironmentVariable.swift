import Glibc

/// The process environment, as the commands read it.
enum EnvironmentVariable {
    /// The value of `name`; nil when it is unset or empty (an empty value
    /// means "not given", as in the shell's `${NAME:-default}`).
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
