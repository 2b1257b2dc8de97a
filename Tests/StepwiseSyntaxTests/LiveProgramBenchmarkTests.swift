import Foundation
import StepwiseCore
import Testing

@testable import StepwiseSyntax

/// The live program's figures for `Benchmarks/run.sh`; only with `STEPWISE_BENCH=1`. They print
/// `BENCH` lines with ratios against a baseline measured in the same run, and assert nothing.
@Suite(.tags(.compiler), .serialized, .enabled(if: ProcessInfo.processInfo.environment["STEPWISE_BENCH"] == "1"))
struct LiveProgramBenchmarkTests {
    static func median(_ samples: [Duration]) -> Duration {
        samples.sorted()[samples.count / 2]
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func line(_ label: String, _ measured: Duration, _ baseline: Duration, target: String) -> String {
        let value = milliseconds(measured)
        let base = milliseconds(baseline)
        return "BENCH \(label): " + String(format: "%.1f ms vs %.1f ms = %.2fx", value, base, value / base) + " (target \(target))"
    }

    /// The interpreter on a file, output on a pipe, as a learner would run it.
    static func interpret(_ swift: String, _ file: String) throws -> Duration {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swift)
        process.arguments = ["-swift-version", "6", file]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        return clock.now - start
    }

    @Test func entriesSteppingAndMemory() async throws {
        let (program, _) = try await LiveProgramTests.program(
            """
            struct Naturals: IteratorProtocol {
                var n = 0
                mutating func next() -> Int? { n += 1; return n }
            }
            var naturals = Naturals()
            """)
        defer { Task { await program.close() } }
        let toolchain = try await LiveProgramTests.toolchain.value
        let swift = try #require(toolchain.swift)
        let folder = NSTemporaryDirectory() + "stepwise-live-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/file.swift"
        try "print(6 * 7)".write(toFile: file, atomically: true, encoding: .utf8)
        let clock = ContinuousClock()

        // Entry times by position: every fourth entry declares a variable, the rest print.
        var byPosition: [Int: Duration] = [:]
        var trivial: [Duration] = []
        var interpreter: [Duration] = []
        for position in 1...100 {
            let entry = position % 4 == 1 ? "var v\(position) = \(position)" : "print(6 * 7)"
            let start = clock.now
            _ = try await program.evaluate(entry)
            let took = clock.now - start
            byPosition[position] = took
            if entry == "print(6 * 7)" && position > 2 && position <= 40 {
                trivial.append(took)
                interpreter.append(try Self.interpret(swift, file))
            }
        }
        print(
            Self.line(
                "(d) trivial entry print(6 * 7) vs swift file.swift", Self.median(trivial), Self.median(interpreter), target: "<= 1.2x"))
        let early = [2, 3, 4, 6].compactMap { byPosition[$0] }
        let late = [38, 39, 40, 42].compactMap { byPosition[$0] }
        print(Self.line("(e) 40th entry vs 2nd (medians of four)", Self.median(late), Self.median(early), target: "<= 1.0x"))
        if let pid = await program.pid {
            // The host may sit inside a sandbox (bwrap and its init first): count the whole tree.
            var kilobytes = 0.0
            var pending = [Int(pid)]
            while let next = pending.popLast() {
                let status = (try? String(contentsOfFile: "/proc/\(next)/status", encoding: .utf8)) ?? ""
                if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) {
                    kilobytes += Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
                }
                let children = (try? String(contentsOfFile: "/proc/\(next)/task/\(next)/children", encoding: .utf8)) ?? ""
                pending += children.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            print("BENCH (g) host resident memory after 100 entries: " + String(format: "%.1f MB", kilobytes / 1024) + " (target < 60 MB)")
        }

        guard case .success = try await program.startStepping("naturals") else {
            Issue.record("stepping did not start")
            return
        }
        var steps: [Duration] = []
        for _ in 0..<200 {
            let start = clock.now
            _ = try await program.step()
            steps.append(clock.now - start)
        }
        print(
            "BENCH (f) next() round trip in the live program: " + String(format: "median %.2f ms", Self.milliseconds(Self.median(steps)))
                + " over 200 calls (target < 5 ms)")
    }
}
