import Foundation

extension ServerConfiguration {
    /// What the file system says about the handler programs this
    /// configuration names: a `handlerBinary` that does not exist or cannot
    /// be executed, a `workingDirectory` that is not a directory. Any of
    /// them would leave the handler failing to start forever and its
    /// requests failing as unavailable, so `besterd check-config` and
    /// `besterd serve` report them as errors. Kept apart from ``parse(_:relativeTo:)``,
    /// which reads only the configuration itself.
    public func handlerProgramIssues() -> [ConfigurationIssue] {
        let files = FileManager.default
        var issues: [ConfigurationIssue] = []
        for handler in externalHandlers {
            guard let executable = handler.executable else { continue }
            let path = handler.configurationPath
            var isDirectory: ObjCBool = false
            if !files.fileExists(atPath: executable, isDirectory: &isDirectory) {
                issues.append(ConfigurationIssue(.error, at: path + ".handlerBinary", "\(executable) does not exist"))
            } else if isDirectory.boolValue || !files.isExecutableFile(atPath: executable) {
                issues.append(ConfigurationIssue(.error, at: path + ".handlerBinary",
                                                 "\(executable) is not an executable file (make it executable, or name its interpreter "
                                                     + "as handlerBinary and the script in arguments)"))
            }
            if let directory = handler.workingDirectory,
               !(files.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) {
                issues.append(ConfigurationIssue(.error, at: path + ".workingDirectory", "\(directory) is not a directory"))
            }
        }
        return issues
    }
}
