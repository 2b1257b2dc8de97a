import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The learner's own directories, where Stepwise's cache, state and scratch folders go:
/// the XDG base directories when set, else folders in the home directory.
///
/// The home directory is `$HOME`, else the one the password database gives the effective user.
/// There is deliberately no fallback to a shared folder such as `/tmp`: a folder there can be
/// made first by another user, who would then decide what the tutor runs.
package enum LearnerDirectories {
    /// `$HOME` when it is an absolute path, else the password database's entry for `geteuid()`.
    package static func home(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        guard let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir else { return nil }
        let path = String(cString: directory)
        return path.hasPrefix("/") ? path : nil
    }

    /// `$NAME/stepwise` when `NAME` is an absolute path, else `<home>/<fallback>/stepwise`.
    static func folder(xdg name: String, fallback: String, environment: [String: String]) -> String? {
        if let xdg = environment[name], xdg.hasPrefix("/") { return (xdg as NSString).appendingPathComponent("stepwise") }
        return home(environment: environment).map { ($0 as NSString).appendingPathComponent(fallback + "/stepwise") }
    }

    /// The user's name for `uid`, for messages; the number when the database has no entry.
    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return "\(String(cString: name)) (uid \(uid))"
    }
}
