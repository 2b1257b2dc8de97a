import Foundation
import Testing

@testable import StepwiseCore

/// The `bwrap` command line a run gets, and how its exit status is read back.
@Suite(.tags(.fast))
struct SandboxOptionsTests {
    let sandbox = Sandbox(bwrapPath: "/usr/bin/bwrap", tmpfsBytes: 64 << 20)

    @Test func containsEverythingTheRunDoesNotNeedToReach() {
        let line = sandbox.commandLine(for: ProcessSpec(executable: "/bin/echo", arguments: ["hi"], environment: [:]))
        let options = line.joined(separator: " ")
        for expected in [
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop ALL", "--ro-bind / /", "--dev /dev",
            "--proc /proc", "--size \(64 << 20) --tmpfs /tmp",
        ] {
            #expect(options.contains(expected), "\(expected) in \(options)")
        }
        #expect(line.first == "/usr/bin/bwrap")
        #expect(Array(line.suffix(3)) == ["--", "/bin/echo", "hi"])
        #expect(!options.contains("--ro-bind /bin/echo"), "a program outside the hidden folders needs no bind")
    }

    @Test func aScratchFolderUnderTmpIsMadeInsideAndOneElsewhereGetsItsOwnTmpfs() {
        let underTmp = sandbox.options(for: ProcessSpec(executable: "/bin/true", environment: [:], workingDirectory: "/tmp/none-\(UUID())"))
        #expect(underTmp.contains("--dir"))
        #expect(underTmp.filter { $0 == "--tmpfs" }.count == 1)
        let elsewhere = "/var/none-\(UUID())"
        let outside = sandbox.options(for: ProcessSpec(executable: "/bin/true", environment: [:], workingDirectory: elsewhere))
        #expect(outside.filter { $0 == "--tmpfs" }.count == 2)
        #expect(outside.suffix(2) == ["--chdir", elsewhere])
    }

    @Test func aProgramUnderTmpIsBoundReadOnlyOverTheTmpfs() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-bind-\(UUID())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let program = (Sandbox.absolute(folder) as NSString).appendingPathComponent("program")
        _ = FileManager.default.createFile(atPath: program, contents: Data())
        let options = sandbox.options(for: ProcessSpec(executable: program, environment: [:]))
        let index = try #require(options.lastIndex(of: "--tmpfs"))
        let bind = try #require(options.firstIndex(of: program))
        #expect(bind > index, "bound after the tmpfs that hides it")
        #expect(options[bind - 1] == "--ro-bind")
    }

    @Test func anExitCodeAbove128IsTheSignalThatEndedTheProgram() {
        #expect(Sandbox.signal(fromExitCode: 139) == 11)
        #expect(Sandbox.signal(fromExitCode: 132) == 4)
        #expect(Sandbox.signal(fromExitCode: 128) == nil)
        #expect(Sandbox.signal(fromExitCode: 3) == nil)
        #expect(sandbox.environment(for: ProcessSpec(executable: "/bin/true", environment: ["TMPDIR": "/var/x"]))["TMPDIR"] == "/tmp")
    }
}
