import Foundation
import Testing

@testable import StepwiseCore

/// Removing a scratch folder never follows a link and copes with whatever a snippet left:
/// folders without permissions, and trees deeper than any path can name.
@Suite(.tags(.fast)) struct ScratchRemovalTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "stepwise-scratch-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test func linksAreRemovedAndWhatTheyPointAtIsLeftAlone() throws {
        let outside = try folder()
        try "keep".write(toFile: outside + "/file", atomically: false, encoding: .utf8)
        #expect(chmod(outside + "/file", 0o644) == 0)
        #expect(chmod(outside, 0o755) == 0)
        let scratch = try folder() + "/run"
        try FileManager.default.createDirectory(atPath: scratch + "/inner", withIntermediateDirectories: true)
        #expect(symlink(outside, scratch + "/to-folder") == 0)
        #expect(symlink(outside + "/file", scratch + "/inner/to-file") == 0)
        #expect(chmod(scratch + "/inner", 0o000) == 0)
        ScratchFolder.remove(scratch)
        #expect(!FileManager.default.fileExists(atPath: scratch))
        #expect(try String(contentsOfFile: outside + "/file", encoding: .utf8) == "keep")
        // The old removal gave everything it met mode 0700, through the links too.
        #expect(mode(outside) == 0o755)
        #expect(mode(outside + "/file") == 0o644)
    }

    @Test func aTreeDeeperThanPathMaxIsRemovedWhole() throws {
        let scratch = try folder() + "/run"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // 1,500 levels of 9-character names: 15,000 bytes of path, well past PATH_MAX (4096),
        // made with mkdirat/openat as a snippet would with chdir.
        var descriptor = open(scratch, O_RDONLY | O_DIRECTORY)
        #expect(descriptor >= 0)
        for level in 0..<1500 {
            #expect(mkdirat(descriptor, "deep-deep", 0o700) == 0)
            let next = openat(descriptor, "deep-deep", O_RDONLY | O_DIRECTORY)
            close(descriptor)
            descriptor = next
            if level % 500 == 0 {
                let file = openat(descriptor, "data", O_WRONLY | O_CREAT, 0o600)
                close(file)
            }
        }
        close(descriptor)
        ScratchFolder.remove(scratch)
        #expect(!FileManager.default.fileExists(atPath: scratch))
    }

    @Test func aScratchFolderIsMadeInTheLearnersCacheNotTmp() throws {
        let folder = try ScratchFolder.make()
        defer { ScratchFolder.remove(folder) }
        let root = try #require(ScratchFolder.root)
        #expect(folder.hasPrefix(root + "/run-"))
        #expect(root.hasPrefix(try #require(CacheLocation.defaultRoot())))
        #expect(mode(root) == 0o700)
    }
}
