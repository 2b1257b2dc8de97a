import Foundation

/// Where Stepwise keeps compiled snippets and what it learned about toolchains.
package enum CacheLocation {
    /// `$XDG_CACHE_HOME/stepwise`, else `~/.cache/stepwise` (the home directory from `HOME`, else
    /// the password database); nil when neither can be determined: never a shared folder.
    package static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        LearnerDirectories.folder(xdg: "XDG_CACHE_HOME", fallback: ".cache", environment: environment)
    }

    /// ``defaultRoot(environment:)``, made if needed and checked to be the learner's alone.
    /// - Throws: ``PrivateFolderError`` saying what is wrong and what to do.
    package static func privateRoot(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PrivateFolderError)
        -> String
    {
        guard let root = defaultRoot(environment: environment) else {
            throw PrivateFolderError(path: "", purpose: purpose, problem: .noHome(variable: "XDG_CACHE_HOME"))
        }
        return try PrivateFolder.ensure(root, checkedFrom: root, purpose: purpose)
    }

    static let purpose = "the compiled-snippet cache"

    /// The snippet binaries' folder under `root`.
    package static func snippets(in root: String) -> String {
        (root as NSString).appendingPathComponent("snippets")
    }
}
