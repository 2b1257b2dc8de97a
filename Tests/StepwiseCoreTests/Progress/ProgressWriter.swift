import Foundation
import ProgressStates

@testable import StepwiseCore

/// The `ProgressWriter` test executable (built beside the test bundle), which saves through
/// the real `ProgressStore`, and the states it saves.
enum ProgressWriter {
    static func path() throws -> String {
        var folders = [URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().path]
        folders += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }.map { $0.deletingLastPathComponent().path }
        guard let found = folders.map({ $0 + "/ProgressWriter" }).first(where: FileManager.default.isExecutableFile) else {
            throw NotBuilt(searched: folders)
        }
        return found
    }

    struct NotBuilt: Error, CustomStringConvertible {
        var searched: [String]
        var description: String { "no ProgressWriter in \(searched.joined(separator: ", ")); run swift build first" }
    }

    /// What the writer saves as state `n`.
    static func state(_ n: Int) -> LearnerProgress { progressState(n) }

    /// Which state a progress file holds, when it holds exactly one; nil for anything else.
    static func wholeState(in path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path),
            let progress = try? JSONDecoder().decode(LearnerProgress.self, from: data),
            let n = Int(progress.currentLesson?.dropFirst("state-".count) ?? ""),
            progress == state(n)
        else { return nil }
        return n
    }

    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `work` (a blocking read or wait) on a thread of its own and awaits it, so it never
    /// holds one of the cooperative pool's few threads that every other test's tasks need.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result(catching: work)) }.start()
        }
    }

    /// Runs the writer to the end (`--count`, `--file-size-limit` as given).
    static func run(_ arguments: [String]) async throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Both pipes are read on threads of their own at once: one left unread could fill and stall the writer.
        async let out = offThePool { output.fileHandleForReading.readDataToEndOfFile() }
        async let err = offThePool { error.fileHandleForReading.readDataToEndOfFile() }
        let (outData, errData) = try await (out, err)
        let status = try await offThePool {
            process.waitUntilExit()
            return process.terminationStatus
        }
        return Run(status: status, output: String(decoding: outData, as: UTF8.self), error: String(decoding: errData, as: UTF8.self))
    }
}
