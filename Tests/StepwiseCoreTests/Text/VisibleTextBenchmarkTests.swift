import Foundation
import Testing

@testable import StepwiseCore

/// How much making a flood of output visible costs next to decoding it, which every line of
/// output already pays. Runs only with `STEPWISE_BENCH=1` (Benchmarks/run.sh) and prints
/// `BENCH` lines instead of asserting: a duration depends on the machine's load.
@Suite(.tags(.fast), .serialized, .enabled(if: ProcessInfo.processInfo.environment["STEPWISE_BENCH"] == "1"))
struct VisibleTextBenchmarkTests {
    /// 1 MiB of output, as the output collector keeps at most: plain lines, and hostile ones.
    static func flood(hostile: Bool) -> [UInt8] {
        let line =
            hostile
            ? "\u{1B}]0;PWNED\u{07}\u{1B}[2J a\rb\u{0}c\t\u{9B}d ✓ 0123456789\n" : "total: 2.005613698 seconds ✓ 0123456789 abcdef\n"
        let bytes = Array(line.utf8)
        return Array(repeatElement(bytes, count: (1 << 20) / bytes.count).joined())
    }

    static func median(_ body: () -> Void) -> Duration {
        var samples: [Duration] = []
        for _ in 0..<15 { samples.append(ContinuousClock().measure(body)) }
        return samples.sorted()[samples.count / 2]
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    @Test(arguments: [false, true])
    func makingAFloodVisibleVersusDecodingIt(hostile: Bool) {
        let bytes = Self.flood(hostile: hostile)
        let decoded = String(decoding: bytes, as: UTF8.self)
        var sink = 0
        let baseline = Self.median { sink &+= String(decoding: bytes, as: UTF8.self).utf8.count }
        let measured = Self.median { sink &+= VisibleText.terminal(decoded).utf8.count }
        let ratio = Self.seconds(measured) / max(1e-9, Self.seconds(baseline))
        print(
            "BENCH visible text, 1 MiB \(hostile ? "hostile" : "plain") output: \(measured) vs decoding it \(baseline) = "
                + "\(String(format: "%.2f", ratio))x (\(sink > 0 ? "ok" : "-"))")
        #expect(sink > 0)
    }
}
