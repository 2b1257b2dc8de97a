import Foundation
import Testing

/// `stepwise run FILE --step N`: the snippet's output as it is, its exit status, and one line on
/// standard error when a limit or a signal ended it (otherwise a segfault or a timeout says nothing).
@Suite(.tags(.terminal)) struct RunCommandTests {
    static let lesson = """
        ---
        id: one-shot
        title: One-shot runs
        ---

        ## Fine

        ```swift
        print("all good")
        ```

        ## Endless

        ```swift timeout=1
        print("before the loop")
        while true {}
        ```

        ## Exit status

        ```swift
        # import Foundation
        print("leaving")
        exit(3)
        ```

        ## Crash

        ```swift
        let values: [Int] = []
        print(values[1])
        ```
        """

    func file() throws -> String {
        let folder = NSTemporaryDirectory() + "stepwise-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/01-one-shot.md"
        try Self.lesson.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.timeLimit(.minutes(3)))
    func printsTheOutputAndSaysWhyARunWasStopped() async throws {
        let path = try file()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let binary = try StepwiseBinary()

        let fine = try await binary.run(["run", path, "--step", "1"])
        #expect(fine.status == 0)
        #expect(fine.standardOutput == "all good\n")
        #expect(fine.standardError == "", "a clean run adds nothing")

        let endless = try await binary.run(["run", path, "--step", "2"])
        #expect(endless.status == 124)
        #expect(endless.standardOutput == "before the loop\n")
        #expect(endless.standardError == "stepwise run: the snippet stopped: still running after the 1 s limit (an endless loop?)\n")

        let exited = try await binary.run(["run", path, "--step", "3"])
        #expect(exited.status == 3)
        #expect(exited.standardOutput == "leaving\n")
        #expect(exited.standardError == "", "the program chose its status; nothing to add")

        let crash = try await binary.run(["run", path, "--step", "4"])
        #expect(crash.status > 128, "128 + the signal")
        #expect(crash.standardError.contains("Fatal error: Index out of range"), "\(crash.standardError)")
        #expect(
            crash.standardError.hasSuffix("\n")
                && crash.standardError.split(separator: "\n").last?.hasPrefix("stepwise run: the snippet crashed: killed by SIG") == true,
            "\(crash.standardError)")
    }
}
