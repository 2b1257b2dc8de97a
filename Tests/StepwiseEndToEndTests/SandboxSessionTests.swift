import Foundation
import Testing

/// The sandbox as a user meets it: nothing of a snippet outlives a tutor killed with SIGKILL,
/// `stepwise doctor` says what contains runs, and without a sandbox the commands say so once.
@Suite(.tags(.terminal), .timeLimit(.minutes(5)))
struct SandboxSessionTests {
    static let hasBwrap = FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap")

    func lessonFile(_ snippet: String) throws -> String {
        let folder = NSTemporaryDirectory() + "stepwise-sandbox-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/01-sandbox.md"
        let lesson = "---\nid: sandbox\ntitle: Sandbox\n---\n\n## Snippet\n\n```swift timeout=120\n\(snippet)\n```\n"
        try lesson.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Live processes with `argument` on their command line (zombies excluded).
    func processes(withArgument argument: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> Int32? in
            guard let pid = Int32(name), let commandLine = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"),
                let stat = FileManager.default.contents(atPath: "/proc/\(name)/stat")
            else { return nil }
            let statText = String(decoding: stat, as: UTF8.self)
            if let close = statText.lastIndex(of: ")"), statText[statText.index(after: close)...].hasPrefix(" Z") { return nil }
            let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.contains(argument) ? pid : nil
        }
    }

    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, URL) {
        let binary = try StepwiseBinary()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-sandbox-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary.path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = StepwiseBinary.cacheHome
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return (process, output)
    }

    @Test(.enabled(if: hasBwrap, "bwrap is installed"))
    func nothingOfASnippetSurvivesSigkillOfTheTutor() async throws {
        let marker = "300.\(Int.random(in: 100_000...999_999))"
        let path = try lessonFile(
            """
            # import Foundation
            let sleeper = Process()
            sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
            sleeper.arguments = ["\(marker)"]
            try! sleeper.run()
            print("sleeping")
            sleeper.waitUntilExit()
            """)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (tutor, output) = try start(["run", path])
        defer { try? FileManager.default.removeItem(at: output) }
        let started = try await eventually { !processes(withArgument: marker).isEmpty || !tutor.isRunning }
        #expect(started && tutor.isRunning, "\((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        kill(tutor.processIdentifier, SIGKILL)
        _ = await tutor.exitStatus()
        let gone = try await eventually(within: .seconds(20)) { processes(withArgument: marker).isEmpty }
        let survivors = processes(withArgument: marker)
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(gone, "still running after the tutor was killed: \(survivors)")
    }

    @Test(.enabled(if: hasBwrap, "bwrap is installed"))
    func doctorSaysWhatContainsRuns() async throws {
        let (doctor, output) = try start(["doctor"])
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(await doctor.exitStatus() == 0)
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text.contains("contained by bubblewrap"), "\(text)")
        #expect(text.contains("bubblewrap 0."), "the version: \(text)")
        #expect(text.contains("256 MiB tmpfs each"), "\(text)")
        #expect(text.contains("file size:   256 MiB per file"), "\(text)")
    }

    @Test func withoutTheSandboxARunSaysOnceThatItIsNotContained() async throws {
        let path = try lessonFile("print(\"plain\")")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (run, output) = try start(["run", path], environment: ["STEPWISE_SANDBOX": "off"])
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(await run.exitStatus() == 0)
        let text = try String(contentsOf: output, encoding: .utf8)
        let notes = text.split(separator: "\n").filter { $0.contains("not contained") }
        #expect(notes.count == 1, "\(text)")
        #expect(text.contains("plain"))
        let (doctor, doctorOutput) = try start(["doctor"], environment: ["STEPWISE_SANDBOX": "off"])
        defer { try? FileManager.default.removeItem(at: doctorOutput) }
        _ = await doctor.exitStatus()
        #expect(try String(contentsOf: doctorOutput, encoding: .utf8).contains("NOT contained: STEPWISE_SANDBOX=off"))
    }
}
