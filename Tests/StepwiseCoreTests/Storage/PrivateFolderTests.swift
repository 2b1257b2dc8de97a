import Foundation
import Testing

@testable import StepwiseCore

/// Stepwise's cache, state and scratch folders are the learner's alone: made 0700, refused
/// when another user owns them, others may write in them, or a link stands in their place;
/// and with no HOME they go to the home directory of the password database, never to /tmp.
@Suite(.tags(.fast)) struct PrivateFolderTests {
    static let isRoot = geteuid() == 0

    /// A fresh folder standing for `$XDG_CACHE_HOME`.
    func base() throws -> String {
        let path = NSTemporaryDirectory() + "stepwise-private-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    func problem(_ body: () throws(PrivateFolderError) -> Void) -> PrivateFolderError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func newFoldersAreMadeForTheLearnerOnly() throws {
        let base = try base()
        let root = base + "/stepwise"
        try PrivateFolder.ensure(root + "/snippets/tmp", checkedFrom: root, purpose: "tests")
        for path in [root, root + "/snippets", root + "/snippets/tmp"] {
            #expect(mode(path) == 0o700, "\(path)")
        }
    }

    @Test(.enabled(if: isRoot, "only root can give a folder to another user (the suite runs as root in CI)"))
    func aFolderPlantedByAnotherUserIsRefused() throws {
        let base = try base()
        let planted = base + "/stepwise"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: false)
        let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
        #expect(chown(planted, nobody, gid_t(nobody)) == 0)
        let error = problem { () throws(PrivateFolderError) in _ = try CacheLocation.privateRoot(environment: ["XDG_CACHE_HOME": base]) }
        #expect(error?.problem == .ownedBy(uid: nobody))
        let message = try #require(error?.description)
        #expect(message.hasPrefix("\(planted): Stepwise does not use this folder for the compiled-snippet cache: it belongs to nobody"))
        #expect(message.contains("Remove it"))
        // Nothing is made inside it, and a cache there finds nothing and runs nothing.
        let cache = SnippetCache.standard(environment: ["XDG_CACHE_HOME": base])
        #expect(throws: PrivateFolderError.self) { try cache.usableDirectory() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: planted).isEmpty)
    }

    @Test(.enabled(if: isRoot, "only root can give a folder to another user"))
    func aPlantedEntryInsideTheStateFolderIsRefusedToo() throws {
        let base = try base()
        try PrivateFolder.ensure(base + "/stepwise", checkedFrom: base + "/stepwise", purpose: "tests")
        try FileManager.default.createDirectory(atPath: base + "/stepwise/snippets", withIntermediateDirectories: false)
        let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
        #expect(chown(base + "/stepwise/snippets", nobody, gid_t(nobody)) == 0)
        let error = problem { () throws(PrivateFolderError) in
            try PrivateFolder.ensure(base + "/stepwise/snippets", checkedFrom: base + "/stepwise", purpose: "tests")
        }
        #expect(error?.path == base + "/stepwise/snippets")
    }

    @Test func aFolderOthersMayWriteInIsRefused() throws {
        let base = try base()
        let root = base + "/stepwise"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        #expect(chmod(root, 0o777) == 0)
        let error = problem { () throws(PrivateFolderError) in try StatePaths(root: root).ensurePrivate() }
        #expect(error?.problem == .writableByOthers(mode: 0o777))
        #expect(error?.description.contains("chmod 700 \(root)") == true)
        #expect(chmod(root, 0o775) == 0)
        #expect(
            problem { () throws(PrivateFolderError) in try StatePaths(root: root).ensurePrivate() }?.problem
                == .writableByOthers(mode: 0o775))
    }

    @Test func aLinkInPlaceOfTheFolderIsRefusedNotFollowed() throws {
        let base = try base()
        let elsewhere = base + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        #expect(symlink(elsewhere, base + "/stepwise") == 0)
        let error = problem { () throws(PrivateFolderError) in
            try PrivateFolder.ensure(base + "/stepwise/scratch", checkedFrom: base + "/stepwise", purpose: "tests")
        }
        #expect(error?.problem == .symbolicLink)
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/scratch"))
    }

    @Test func withoutHomeTheFoldersAreInThePasswordDatabasesHomeNeverTmp() throws {
        let home = String(cString: try #require(getpwuid(geteuid())?.pointee.pw_dir))
        #expect(LearnerDirectories.home(environment: [:]) == home)
        #expect(CacheLocation.defaultRoot(environment: [:]) == home + "/.cache/stepwise")
        #expect(StatePaths(environment: [:]).root == home + "/.local/state/stepwise")
        #expect(CacheLocation.defaultRoot(environment: ["HOME": "relative"]) == home + "/.cache/stepwise")
        #expect(CacheLocation.defaultRoot(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/stepwise")
        #expect(StatePaths(environment: ["XDG_STATE_HOME": "/s"]).root == "/s/stepwise")
        #expect(SnippetCache.standard(environment: [:]).directory == home + "/.cache/stepwise/snippets")
    }
}
