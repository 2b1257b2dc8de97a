import Foundation
import Testing

@testable import StepwiseCore

/// Shared set-up for tests that use the real Swift toolchain.
enum ExecutionTestSupport {
    /// Where test folders go; folders of earlier runs older than an hour are removed on first use.
    static let root: String = {
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-tests")
        let cutoff = Date().addingTimeInterval(-3600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let path = (root as NSString).appendingPathComponent(name)
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                modified < cutoff
            {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        return root
    }()

    /// A fresh, empty folder for one test.
    static func temporaryFolder(_ name: String = "test") throws -> String {
        let path = (root as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The toolchain, located once per test process: asking it its version and interpreter
    /// command costs seconds on a loaded machine, and every test would otherwise ask again.
    /// Its answers are remembered in one shared, warm state folder.
    private static let toolchain = Task { () throws -> Toolchain in
        let state = (root as NSString).appendingPathComponent("toolchain-state-\(getpid())")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        return try await Toolchain.locate(stateDirectory: state)
    }

    /// A runner with its own empty snippet cache, so tests never touch the user's cache and
    /// a test that expects a first run gets one.
    static func runner(firstRun: SnippetRunner.FirstRun = .interpret) async throws -> SnippetRunner {
        let folder = try temporaryFolder()
        let toolchain = try await toolchain.value
        return SnippetRunner(
            toolchain: toolchain, cache: SnippetCache(directory: (folder as NSString).appendingPathComponent("snippets")),
            firstRun: firstRun)
    }

    /// The lines the program printed, whichever stream.
    static func texts(_ outcome: SnippetOutcome) -> [String] {
        guard case .ran(let result, _) = outcome else { return [] }
        return result.lines.map(\.text)
    }
}

extension ExecutionTestSupport {
    /// A number no other test uses, to mark the processes a test starts (`sleep 300.123456`).
    static func uniqueSleepArgument(seconds: Int = 300) -> String {
        "\(seconds).\(Int.random(in: 100_000...999_999))"
    }

    /// Live processes whose command line contains `argument`, from `/proc` (zombies are dead and excluded).
    static func processes(withArgument argument: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> Int32? in
            guard let pid = Int32(name), pid != getpid(),
                let commandLine = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"),
                let stat = FileManager.default.contents(atPath: "/proc/\(name)/stat")
            else { return nil }
            let statText = String(decoding: stat, as: UTF8.self)
            if let close = statText.lastIndex(of: ")"), statText[statText.index(after: close)...].hasPrefix(" Z") { return nil }
            let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.contains(argument) ? pid : nil
        }
    }

    /// Polls until no process carries `argument`, for at most `timeout`; returns those still there.
    /// (Killed processes vanish from `/proc` a moment after SIGKILL, so a single look can race.)
    static func survivors(withArgument argument: String, timeout: Duration = .seconds(5)) async -> [Int32] {
        let clock = ContinuousClock()
        let started = clock.now
        var found = processes(withArgument: argument)
        while !found.isEmpty, clock.now - started < timeout {
            try? await Task.sleep(for: .milliseconds(50))
            found = processes(withArgument: argument)
        }
        return found
    }

    /// Expects no process with `argument` to be left, and kills any that are, so a failing
    /// test does not leave sleepers behind for minutes.
    static func expectNoneLeft(_ argument: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
        let left = await survivors(withArgument: argument)
        #expect(left.isEmpty, "still running: \(left)", sourceLocation: sourceLocation)
        for pid in left { kill(pid, SIGKILL) }
    }
}
