import Foundation

/// Where Stepwise keeps compiled snippets and what it learned about toolchains.
package enum CacheLocation {
    /// `$XDG_CACHE_HOME/stepwise`, else `~/.cache/stepwise`; nil when neither can be determined.
    package static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("stepwise")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return (home as NSString).appendingPathComponent(".cache/stepwise")
        }
        return nil
    }

    /// The snippet binaries' folder under `root`.
    package static func snippets(in root: String) -> String {
        (root as NSString).appendingPathComponent("snippets")
    }
}
