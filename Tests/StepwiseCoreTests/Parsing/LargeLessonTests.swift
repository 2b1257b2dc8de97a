import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

/// Very large lessons load, and in time that grows in step with their size: a loader that
/// went quadratic would take a hundred times longer on ten times the text.
@Suite(.tags(.fast), .serialized) struct LargeLessonTests {
    /// A lesson of `steps` steps, each a heading, prose, a runnable snippet with its output and
    /// a hint; `padding` lines of prose per step set the size.
    static func lesson(steps: Int, padding: Int) -> String {
        var text = "---\nid: large\ntitle: Large\n---\n\n"
        let prose = String(repeating: "Values are computed one at a time, only when asked for. ", count: 2) + "\n"
        for index in 1...steps {
            text += "## Step \(index)\n\n"
            for _ in 0..<padding { text += prose }
            text += "\n```swift step=gen\nvar gen = (1...\(index)).makeIterator()\nprint(gen.next() as Any)\n```\n\n"
            text += "```output\nOptional(1)\n```\n\n```hint\nCall next().\n```\n\n"
        }
        return text
    }

    /// Writes the lesson and loads it as `stepwise` does, timing the load only, in this
    /// thread's CPU time: wall time grows with whatever else the machine runs, so a busy moment
    /// during one load but not the other would change the ratio the tests compare.
    static func load(_ text: String) throws -> (LessonCatalog, Duration) {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("01-large.md", text)
        let start = threadCPUTime()
        let catalog = LessonCatalog.load(folder: folder.path)
        return (catalog, threadCPUTime() - start)
    }

    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// The process's peak resident memory in MB, after clearing the peak when Linux allows it.
    static func peakMemory(resetFirst: Bool) -> Int? {
        if resetFirst { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }

    @Test func aTenMegabyteLessonLoadsInLinearTime() throws {
        let small = Self.lesson(steps: 100, padding: 90)
        let large = Self.lesson(steps: 1_000, padding: 90)
        #expect(large.utf8.count > 10_000_000)
        // The smaller load is timed twice and the faster kept, so a busy moment does not make
        // the ratio look better than it is.
        let smallTime = try min(Self.load(small).1, Self.load(small).1)
        let before = Self.peakMemory(resetFirst: true)
        let (catalog, largeTime) = try Self.load(large)
        let after = Self.peakMemory(resetFirst: false)
        #expect(catalog.diagnostics.isEmpty)
        #expect(catalog.lessons.first?.steps.count == 1_000)
        #expect(catalog.lessons.first?.steps.last?.snippets.first?.expectedOutput?.code == "Optional(1)")
        print(
            "10 MB lesson (\(large.utf8.count) bytes): loaded in \(largeTime); 1 MB: \(smallTime); peak memory \(before ?? -1) -> \(after ?? -1) MB"
        )
        // Linear is about 10x; quadratic would be about 100x.
        #expect(largeTime < smallTime * 30 + .seconds(1), "1 MB took \(smallTime), 10 MB took \(largeTime)")
    }

    @Test func tenThousandStepsLoadInLinearTime() throws {
        let (small, smallTime) = try Self.load(Self.lesson(steps: 1_000, padding: 1))
        let (catalog, largeTime) = try Self.load(Self.lesson(steps: 10_000, padding: 1))
        #expect(small.lessons.first?.steps.count == 1_000)
        #expect(catalog.diagnostics.isEmpty)
        #expect(catalog.lessons.first?.steps.count == 10_000)
        #expect(catalog.lessons.first?.steps.last?.title == "Step 10000")
        print("10,000 steps: loaded in \(largeTime); 1,000 steps: \(smallTime)")
        #expect(largeTime < smallTime * 30 + .seconds(1), "1,000 steps took \(smallTime), 10,000 took \(largeTime)")
    }

    /// `stepwise check` runs the static checks over every step of what it loaded.
    @Test func theStaticChecksOfTenThousandStepsFinish() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("01-large.md", Self.lesson(steps: 10_000, padding: 1))
        let clock = ContinuousClock()
        var report: CheckReport?
        let elapsed = try await clock.measure {
            report = try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [folder.path])
        }
        // Printed, not asserted: how long it takes depends on the machine's load; that it
        // finishes (within the run's time limit) is what counts.
        print("static check of 10,000 steps: \(elapsed)")
        #expect(report?.snippetCount == 10_000)
        #expect(report?.diagnostics.isEmpty == true)
    }
}
