import Foundation
import Testing

@testable import StepwiseCore

/// Lessons folders and lesson files that cannot be read as such: each is one located error,
/// and whatever else is readable still loads.
@Suite(.tags(.fast)) struct UnreadableLessonPathTests {
    /// Permission bits do not stop root, so tests of them only mean something for other users.
    static let isRoot = geteuid() == 0

    @Test func aMissingFolderIsOneLocatedError() {
        let path = NSTemporaryDirectory() + "stepwise-no-such-\(UUID().uuidString)"
        let catalog = LessonCatalog.load(folder: path)
        #expect(catalog.lessons.isEmpty)
        #expect(
            catalog.diagnostics.map(\.description) == [
                "\(LessonCatalog.displayPath(path)):1:1: error: cannot read the lessons folder: there is no such folder"
            ])
    }

    @Test func aFileGivenAsTheFolderIsOneLocatedError() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("01-a.md", HostileLessonFileTests.good)
        let catalog = LessonCatalog.load(folder: folder.path + "/01-a.md")
        #expect(catalog.lessons.isEmpty)
        #expect(
            catalog.diagnostics.map(\.description) == ["\(file):1:1: error: cannot read the lessons folder: this is a file, not a folder"])
    }

    @Test(
        .disabled(
            if: isRoot, "running as root, where chmod 000 does not stop reading; a file given as the folder covers the failing listing"))
    func aFolderWithoutReadPermissionIsOneLocatedError() throws {
        let folder = try LessonFolder()
        defer {
            chmod(folder.path, 0o755)
            folder.remove()
        }
        try folder.write("01-a.md", HostileLessonFileTests.good)
        #expect(chmod(folder.path, 0) == 0)
        let catalog = LessonCatalog.load(folder: folder.path)
        #expect(catalog.lessons.isEmpty)
        #expect(
            catalog.diagnostics.map(\.description) == [
                "\(LessonCatalog.displayPath(folder.path)):1:1: error: cannot read the lessons folder: permission denied"
            ])
    }

    @Test(
        .disabled(
            if: isRoot,
            "running as root, where chmod 000 does not stop reading; the folder, device and FIFO cases cover unreadable lesson files"))
    func aLessonFileWithoutReadPermissionIsSkipped() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("01-a.md", HostileLessonFileTests.good)
        let locked = try folder.write("02-locked.md", HostileLessonFileTests.good.replacingOccurrences(of: "good", with: "locked"))
        #expect(chmod(folder.path + "/02-locked.md", 0) == 0)
        let catalog = LessonCatalog.load(folder: folder.path)
        #expect(catalog.lessons.map(\.id) == ["good"])
        #expect(catalog.diagnostics.map(\.description) == ["\(locked):1:1: error: cannot read this file: Permission denied"])
    }

    /// A folder, a symlink to an endless device and a FIFO, each named like a lesson: reading
    /// any of them as a file would fail, never end or block forever.
    @Test func lessonNamedThingsThatAreNotFilesAreSkipped() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("01-a.md", HostileLessonFileTests.good)
        try FileManager.default.createDirectory(atPath: folder.path + "/02-folder.md", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/03-zero.md", withDestinationPath: "/dev/zero")
        #expect(mkfifo(folder.path + "/04-fifo.md", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/05-dangling.md", withDestinationPath: folder.path + "/nowhere")
        let catalog = LessonCatalog.load(folder: folder.path)
        #expect(catalog.lessons.map(\.id) == ["good"])
        let display = { (name: String) in LessonCatalog.displayPath(folder.path + "/" + name) }
        #expect(
            catalog.diagnostics.map(\.description) == [
                "\(display("02-folder.md")):1:1: error: this is a folder, not a lesson file",
                "\(display("03-zero.md")):1:1: error: this is a device, socket or pipe, not a lesson file",
                "\(display("04-fifo.md")):1:1: error: this is a device, socket or pipe, not a lesson file",
                "\(display("05-dangling.md")):1:1: error: cannot read this file: No such file or directory",
            ])
    }

    @Test func aFileLargerThanTheLimitIsRefusedWithoutReadingIt() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("01-a.md", HostileLessonFileTests.good)
        let big = folder.path + "/02-big.md"
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        // Sparse: 40 MB on paper, nothing on disk.
        #expect(truncate(big, 40 << 20) == 0)
        let catalog = LessonCatalog.load(folder: folder.path)
        #expect(catalog.lessons.map(\.id) == ["good"])
        #expect(
            catalog.diagnostics.map(\.description) == [
                "\(LessonCatalog.displayPath(big)):1:1: error: this file is 40 MB; a lesson file may be at most 32 MB"
            ])
    }
}
