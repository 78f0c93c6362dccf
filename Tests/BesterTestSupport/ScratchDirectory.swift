import BesterIO
import Foundation
import Glibc

/// A private directory under /tmp, its path short enough for Unix socket
/// paths; removed by ``remove()``.
public struct ScratchDirectory: Sendable {
    /// The directory.
    public let path: String

    /// Creates the directory.
    public init() throws {
        var template = Array("/tmp/bester-test-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw IOError("mkdtemp") }
        path = String(cString: created)
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes an executable script.
    public func script(_ name: String, _ source: String) throws -> String {
        let location = file(name)
        try source.write(toFile: location, atomically: true, encoding: .utf8)
        chmod(location, 0o755)
        return location
    }

    /// Removes the directory and everything in it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
