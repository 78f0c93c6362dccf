import BesterCommandLine
import BesterServer

/// Reads `--config` (or the embedded defaults) and prints warnings.
enum ConfigurationLoading {
    static func load(path: String?) throws -> ServerConfiguration {
        guard let path else { return .embeddedDefaults }
        do {
            let (configuration, warnings) = try ServerConfiguration.load(path: path)
            for warning in warnings { CommandGroup.printError("besterd: \(path): \(warning)") }
            return configuration
        } catch {
            throw CommandLineError.failure("\(path) has errors (run 'besterd check-config \(path)'):\n\(error)")
        }
    }
}
