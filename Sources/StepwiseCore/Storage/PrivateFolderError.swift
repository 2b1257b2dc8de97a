#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a folder for Stepwise's own files was refused or could not be made: the path, what is
/// wrong with it, and what the learner can do.
package struct PrivateFolderError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Problem: Sendable, Hashable {
        /// Another user owns it: they could plant the files Stepwise reads and runs.
        case ownedBy(uid: UInt32)
        /// Its group or other users may write in it (the octal mode).
        case writableByOthers(mode: UInt32)
        /// It is a symbolic link, which another user may have pointed anywhere.
        case symbolicLink
        /// Something other than a folder is there.
        case notAFolder
        /// A system call failed (`errno`).
        case system(call: String, errno: Int32)
        /// Neither the XDG variable nor a home directory says where the folder goes.
        case noHome(variable: String)
    }

    /// The folder (or the part of its path) that was refused.
    package var path: String
    /// What it is for, in words: "the compiled-snippet cache", "your progress".
    package var purpose: String
    package var problem: Problem

    /// Whether the folder may be someone else's to control (or there is none): then nothing may
    /// be read from it or run. A file in its place or a failed call only means saves will fail,
    /// which the tutor reports when they do.
    package var isRefusal: Bool {
        switch problem {
        case .ownedBy, .writableByOthers, .symbolicLink, .noHome: true
        case .notAFolder, .system: false
        }
    }

    package var description: String {
        let refusal = "\(path): Stepwise does not use this folder for \(purpose)"
        switch problem {
        case .ownedBy(let uid):
            return
                "\(refusal): it belongs to \(LearnerDirectories.userName(uid)) and you are \(LearnerDirectories.userName(geteuid())); "
                + "that user could put files there that Stepwise would run as you. Remove it if you do not know why it is there, "
                + "or point Stepwise elsewhere (XDG_CACHE_HOME, XDG_STATE_HOME or HOME)."
        case .writableByOthers(let mode):
            return
                "\(refusal): other users may write in it (mode \(String(mode, radix: 8))), so they could put files there that "
                + "Stepwise would run as you. If it is yours, `chmod 700 \(path)`."
        case .symbolicLink:
            return
                "\(refusal): it is a symbolic link, which Stepwise does not follow for its own folders. "
                + "Replace it with a real folder."
        case .notAFolder:
            return "\(refusal): something other than a folder is there. Move it away."
        case .system(let call, let errno):
            return "\(path): cannot make the folder for \(purpose): \(call) failed: \(String(cString: strerror(errno)))"
        case .noHome(let variable):
            return
                "there is no folder for \(purpose): \(variable) and HOME are unset and the password database has no home "
                + "directory for you. Set \(variable) (or HOME) to a folder of your own; Stepwise never falls back to a shared one."
        }
    }
}
