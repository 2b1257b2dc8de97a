import Foundation
import StepwiseCore
import Synchronization
import Testing

@testable import StepwiseSyntax

/// The live program behind the prompt, in process with the real toolchain: entries compiled as
/// libraries and loaded into one running host.
@Suite(.tags(.compiler), .serialized)
struct LiveProgramTests {
    /// Everything the program showed, in order, for waiting on.
    final class Events: Sendable {
        let lines = Mutex<[LiveProgram.Event]>([])
        var texts: [String] {
            lines.withLock { events in
                events.compactMap { event in
                    if case .line(let line, _) = event { return line.text }
                    return nil
                }
            }
        }
        var backgroundTexts: [String] {
            lines.withLock { events in
                events.compactMap { event in
                    if case .line(let line, false) = event { return line.text }
                    return nil
                }
            }
        }
        func clear() { lines.withLock { $0 = [] } }

        /// Waits (generously) until `condition` holds; false if it never did.
        func wait(for seconds: Double = 60, _ condition: ([String]) -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition(texts) { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return condition(texts)
        }
    }

    static let toolchain = Task { () throws -> Toolchain in
        let state = NSTemporaryDirectory() + "stepwise-live-tests-\(getpid())"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        return try await Toolchain.locate(stateDirectory: state)
    }

    /// - Parameter rewrite: the snippet as instrumented for stepping; by default the
    ///   instrumenter's rewrite when `stepping`, as the tutor loads a `step=` snippet.
    static func program(
        _ snippet: String? = nil, entryLimit: Duration? = .seconds(60), idleLimit: Duration = .seconds(30 * 60),
        stepping: Bool = false, rewrite: InstrumentedSnippet? = nil
    ) async throws -> (LiveProgram, Events) {
        let cache = NSTemporaryDirectory() + "stepwise-live-cache"
        let source = snippet.map { SnippetSource($0) }
        let program = LiveProgram(
            toolchain: try await toolchain.value, cacheDirectory: cache, environment: ProcessInfo.processInfo.environment,
            reader: EntrySyntaxReader(), snippet: source,
            rewrite: rewrite ?? (stepping ? source.flatMap { Instrumenter().instrumentLines($0) } : nil), entryLimit: entryLimit,
            idleLimit: idleLimit)
        let events = Events()
        await program.observe { event in events.lines.withLock { $0.append(event) } }
        return (program, events)
    }

    @discardableResult
    static func ran(_ program: LiveProgram, _ entry: String) async throws -> LiveProgram.EntryResult {
        let result = try await program.evaluate(entry)
        if case .ran(let termination, _, _) = result {
            #expect(termination.isSuccess, "\(entry): \(termination.summary)")
        } else {
            Issue.record("\(entry): \(result)")
        }
        return result
    }

    @Test func aRandomValueStaysTheSameAndASleepIsNotRunAgain() async throws {
        let (program, events) = try await Self.program()
        defer { Task { await program.close() } }
        try await Self.ran(program, "let r = Int.random(in: 1...1_000_000_000)")
        try await Self.ran(program, "try await Task.sleep(for: .seconds(2)); print(\"slept\")")
        try await Self.ran(program, "print(r)")
        try await Self.ran(program, "print(r)")
        let texts = events.texts
        #expect(texts.filter { $0 == "slept" }.count == 1)
        let values = texts.filter { Int($0) != nil }
        #expect(values.count == 2)
        #expect(Set(values).count == 1)
    }

    @Test func aBackgroundTaskPrintsByItselfOnceWhileNoEntryRuns() async throws {
        let (program, events) = try await Self.program()
        defer { Task { await program.close() } }
        try await Self.ran(
            program,
            "Task { for i in 1...3 { print(\"bg tick \\(i)\"); try await Task.sleep(for: .milliseconds(300)) } }")
        #expect(await events.wait { $0.contains("bg tick 3") })
        #expect(events.backgroundTexts.contains("bg tick 3"))
        try await Self.ran(program, "print(\"later\")")
        #expect(events.texts.filter { $0.hasPrefix("bg tick") } == ["bg tick 1", "bg tick 2", "bg tick 3"])
    }

    @Test func restartStopsTheBackgroundTasksAndForgetsTheVariables() async throws {
        let (program, events) = try await Self.program("let greeting = \"from the snippet\"")
        defer { Task { await program.close() } }
        try await Self.ran(program, "var total = 41")
        try await Self.ran(
            program, "Task { for i in 1...1000 { print(\"restart tick \\(i)\"); try await Task.sleep(for: .milliseconds(100)) } }")
        let ticks = { events.texts.filter { $0.hasPrefix("restart tick") }.count }
        #expect(await events.wait { $0.filter { $0.hasPrefix("restart tick") }.count >= 3 })
        let old = try #require(await program.pid)
        #expect(await program.restart())
        #expect(await program.pid == nil)
        let seen = ticks()
        // The old program is gone (reaped, once the monitor has cleaned up after it).
        let deadline = Date().addingTimeInterval(60)
        while kill(old, 0) == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(kill(old, 0) == -1)
        let forgotten = try await program.evaluate("print(total)")
        guard case .compileFailed(let diagnostics) = forgotten else {
            Issue.record("a variable from before the restart is still there: \(forgotten)")
            return
        }
        #expect(diagnostics.contains { $0.message.contains("cannot find 'total' in scope") }, "\(diagnostics)")
        // A fresh program, with the snippet loaded again and no rebuild of the kept entries.
        let fresh = try await Self.ran(program, "try await Task.sleep(for: .seconds(1)); print(greeting)")
        if case .ran(_, _, let notes) = fresh { #expect(notes.isEmpty, "\(notes)") }
        #expect(events.texts.last == "from the snippet")
        // The fresh program ran for over a second, ten ticks' time: none came.
        #expect(ticks() == seen)
        let fresher = await program.pid
        #expect(fresher != nil && fresher != old)
    }

    /// Leaving the step ends the program on purpose: its end is no crash to report.
    @Test func closingReportsNoCrash() async throws {
        let (program, events) = try await Self.program("var base = 1")
        try await Self.ran(program, "print(base)")
        await program.close()
        let notices = events.lines.withLock { events in
            events.compactMap { event -> String? in
                if case .notice(let text) = event { return text }
                return nil
            }
        }
        #expect(notices.isEmpty, "\(notices)")
        #expect(events.texts == ["1"])
    }

    @Test func restartWithNothingRunningSaysSo() async throws {
        let (program, _) = try await Self.program()
        defer { Task { await program.close() } }
        #expect(await !program.restart())
    }

    @Test func aFunctionCanBeRedefinedWithANewType() async throws {
        let (program, events) = try await Self.program("func g() -> Int { 10 }")
        defer { Task { await program.close() } }
        try await Self.ran(program, "func f() -> Int { 1 }")
        try await Self.ran(program, "print(f())")
        try await Self.ran(program, "func f() -> String { \"two\" }")
        try await Self.ran(program, "print(f())")
        #expect(events.texts == ["1", "two"])
        // Over the snippet's too; and what an entry held besides the old function stays in sight.
        try await Self.ran(program, "extension Int { var twice: Int { self * 2 } }\nfunc g() -> String { \"g two\" }\nlet kept = 5")
        try await Self.ran(program, "func g() -> Bool { true }")
        try await Self.ran(program, "print(g(), kept.twice, f())")
        #expect(events.texts.last == "true 10 two")
    }

    @Test func anEntrysLinesAreTimedFromItsOwnStart() async throws {
        let (program, _) = try await Self.program()
        defer { Task { await program.close() } }
        // Each line with the moment it was handed over, on the test's own clock.
        let seen = Mutex<[(line: TimedLine, at: ContinuousClock.Instant)]>([])
        await program.observe { event in
            if case .line(let line, _) = event { seen.withLock { $0.append((line, .now)) } }
        }
        try await Self.ran(program, "try await Task.sleep(for: .seconds(1)); print(\"slow\")")
        try await Self.ran(program, "print(\"quick\")")
        let lines = seen.withLock { $0 }
        let slow = try #require(lines.first { $0.line.text == "slow" })
        let quick = try #require(lines.first { $0.line.text == "quick" })
        #expect(slow.line.elapsed >= .seconds(1))
        // The second entry started after the first line arrived (and was compiled in between):
        // timed from the program's start, its line would be later than that gap, not within it.
        #expect(quick.line.elapsed < quick.at - slow.at)
    }

    @Test func outputStreamsWhileAnEntryRuns() async throws {
        let (program, events) = try await Self.program()
        defer { Task { await program.close() } }
        let entry = Task {
            try await program.evaluate("print(\"first\"); try await Task.sleep(for: .seconds(3)); print(\"second\")")
        }
        #expect(await events.wait { $0.contains("first") })
        // The entry is still running when its first line has arrived.
        #expect(!events.texts.contains("second"))
        _ = try await entry.value
        #expect(events.texts.suffix(2) == ["first", "second"])
    }

    @Test func aVariableCanBeRedefinedWithANewType() async throws {
        let (program, events) = try await Self.program("var x = 1")
        defer { Task { await program.close() } }
        try await Self.ran(program, "x += 1")
        try await Self.ran(program, "print(x)")
        try await Self.ran(program, "var x = \"now text\"")
        try await Self.ran(program, "print(x + \"!\")")
        try await Self.ran(program, "x")
        #expect(events.texts == ["2", "now text!", "\"now text\""])
    }

    /// Entries are built by the toolchain's frontend and linker directly, with the libraries
    /// already loaded; one that imports a module for the first time brings its own library, and
    /// must still load, and the entries after it too.
    @Test func anEntryThatImportsAModuleForTheFirstTimeLoadsItsLibrary() async throws {
        let (program, events) = try await Self.program("var base = 40")
        defer { Task { await program.close() } }
        try await Self.ran(program, "import Synchronization\nlet guarded = Mutex(base + 1)")
        try await Self.ran(program, "print(guarded.withLock { $0 + 1 })")
        try await Self.ran(program, "print(Atomic<Int>(7).load(ordering: .relaxed))")
        #expect(events.texts == ["42", "7"])
    }

    /// Foundation's CoreFoundation takes the thread that loads it for the main thread and
    /// wakes the main queue through that thread's run loop from then on: loaded anywhere but on
    /// a main thread that runs that run loop, the main actor stops and the snippet's top-level
    /// code and every entry after it never run.
    @Test func aSnippetThatImportsFoundationRunsAndSoDoTheEntriesAfterIt() async throws {
        let (program, events) = try await Self.program("import Foundation\nlet words = \"a b c\".components(separatedBy: \" \")")
        defer { Task { await program.close() } }
        try await Self.ran(program, "print(words.count)")
        try await Self.ran(program, "print(Thread.isMainThread)")
        #expect(events.texts == ["3", "true"])
    }

    /// An entry may bring Foundation in itself; the main run loop then runs, as it does for a
    /// compiled program's async top-level code, so a timer scheduled on it fires.
    @Test func anEntryThatImportsFoundationKeepsTheMainActorAndRunsTheMainRunLoop() async throws {
        let (program, events) = try await Self.program("var base = 1")
        defer { Task { await program.close() } }
        try await Self.ran(program, "import Foundation\nlet start = Date()")
        try await Self.ran(program, "print(base + 1)")
        try await Self.ran(
            program,
            """
            func scheduleTick() {
                Timer.scheduledTimer(withTimeInterval: 0.05, repeats: false) { _ in print("tick") }
            }
            """)
        try await Self.ran(program, "scheduleTick()")
        #expect(await events.wait { $0.contains("tick") })
        #expect(events.texts == ["2", "tick"])
    }

    /// Swift's book writes `let photoNames = await listPhotos(...)` with no type: a global
    /// cannot be initialised by an `await`, so the compiler is asked for the type, and the
    /// value is there for the entries after it.
    @Test func aValueThatNeedsAwaitIsKeptWithoutAWrittenType() async throws {
        let (program, events) = try await Self.program(
            """
            func listPhotos(inGallery name: String) async throws -> [String] {
                try await Task.sleep(for: .milliseconds(10))
                return ["IMG001", "IMG99", "IMG0404"]
            }
            """)
        defer { Task { await program.close() } }
        try await Self.ran(program, "let photoNames = try await listPhotos(inGallery: \"Summer Vacation\")")
        try await Self.ran(program, "let sortedNames = photoNames.sorted()")
        try await Self.ran(program, "let name = sortedNames[0]")
        try await Self.ran(program, "print(name, photoNames.count)")
        #expect(events.texts == ["IMG001 3"])
    }

    @Test func aCrashIsReportedAndTheStateRebuilt() async throws {
        let (program, events) = try await Self.program()
        defer { Task { await program.close() } }
        try await Self.ran(program, "var count = 41")
        try await Self.ran(program, "count += 1")
        let before = await program.pid
        let crashed = try await program.evaluate("let a: [Int] = []; print(a[3])")
        guard case .ran(let termination, let crash, let notes) = crashed else {
            Issue.record("\(crashed)")
            return
        }
        #expect(!termination.isSuccess)
        #expect(crash?.message.contains("out of range") == true)
        #expect(notes.contains { $0.contains("ended") })
        let next = try await program.evaluate("print(count)")
        guard case .ran(_, _, let rebuilt) = next else {
            Issue.record("\(next)")
            return
        }
        #expect(rebuilt.contains { $0.contains("2 kept entries") })
        #expect(events.texts.last == "42")
        #expect(await program.pid != before)
    }

    @Test func anEntryThatDoesNotCompileChangesNothing() async throws {
        let (program, events) = try await Self.program()
        defer { Task { await program.close() } }
        try await Self.ran(program, "var n = 1")
        let failed = try await program.evaluate("n = \"text\"")
        guard case .compileFailed(let diagnostics) = failed else {
            Issue.record("\(failed)")
            return
        }
        #expect(diagnostics.first?.region == .entry)
        #expect(diagnostics.first?.line == 1)
        try await Self.ran(program, "print(n)")
        #expect(events.texts == ["1"])
    }

    @Test func cancellingStopsTheEntryAndLeavesABackgroundTaskRunning() async throws {
        let (program, events) = try await Self.program()
        defer { Task { await program.close() } }
        try await Self.ran(
            program, "Task { for i in 1...200 { print(\"tick \\(i)\"); try await Task.sleep(for: .milliseconds(100)) } }")
        let pid = await program.pid
        let entry = Task { try await program.evaluate("print(\"waiting\"); try await Task.sleep(for: .seconds(600))") }
        #expect(await events.wait { $0.contains("waiting") })
        entry.cancel()
        await #expect(throws: CancellationError.self) { try await entry.value }
        let seen = events.texts.filter { $0.hasPrefix("tick") }.count
        #expect(await events.wait { $0.filter { $0.hasPrefix("tick") }.count > seen + 2 })
        #expect(await program.pid == pid)
        await program.stopTasks()
        #expect(await program.pid == nil)
    }

    @Test func topLevelCodeKeepsTheRulesOfMainSwift() async throws {
        let (program, _) = try await Self.program(
            """
            struct Countdown: AsyncIteratorProtocol {
                var n: Int
                mutating func next() async -> Int? { n -= 1; return n >= 0 ? n : nil }
            }
            var countdown = Countdown(n: 3)
            """)
        defer { Task { await program.close() } }
        let result = try await program.evaluate("await countdown.next()")
        guard case .compileFailed(let diagnostics) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(diagnostics.contains { $0.message.contains("actor-isolated") })
    }

    @Test func steppingAndThePromptShareTheIterator() async throws {
        let (program, events) = try await Self.program(
            """
            struct Counter: IteratorProtocol {
                var count = 0
                mutating func next() -> Int? {
                    count += 1
                    return count <= 5 ? count : nil
                }
            }
            var gen = Counter()
            """)
        defer { Task { await program.close() } }
        let started = try await program.startStepping("gen")
        guard case .success(let ready) = started else {
            Issue.record("stepping did not start: \(started)")
            return
        }
        #expect(ready.kind == "IteratorProtocol")
        var values: [String?] = []
        for _ in 1...2 {
            if case .success(let report) = try await program.step() { values.append(report.value) }
        }
        #expect(values == ["Optional(1)", "Optional(2)"])
        try await Self.ran(program, "gen.next()")
        #expect(events.texts.last == "Optional(3)")
        if case .success(let report) = try await program.step() {
            #expect(report.value == "Optional(4)")
            #expect(report.state.contains(StateEntry(label: "count", value: "4")))
        } else {
            Issue.record("the third step did not report")
        }
    }

    @Test func steppingLeftIdleEndsTheProgramAndTheNextStepSaysSo() async throws {
        let (program, _) = try await Self.program(
            """
            struct Counter: IteratorProtocol {
                var count = 0
                mutating func next() -> Int? { count += 1; return count }
            }
            var gen = Counter()
            """, idleLimit: .seconds(1))
        defer { Task { await program.close() } }
        // The first call follows the start at once; only a machine stalled for over a second
        // between the two makes it late, and then stepping is started again.
        var stepped = false
        for _ in 0..<5 where !stepped {
            guard case .success = try await program.startStepping("gen") else {
                Issue.record("stepping did not start")
                return
            }
            switch try await program.step() {
            case .success(let report):
                #expect(report.value == "Optional(1)")
                stepped = true
            case .failure(.stoppedIdle): continue
            case .failure(let failure):
                Issue.record("the first step failed: \(failure)")
                return
            }
        }
        #expect(stepped)
        let pid = try #require(await program.pid)

        // The evidence: the program is gone without anyone stepping or closing it.
        let clock = ContinuousClock()
        let giveUp = clock.now + .seconds(120)
        while clock.now < giveUp {
            let known = await program.pid
            if kill(pid, 0) != 0 && known == nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the live program \(pid) still runs")
        #expect(await program.pid == nil, "the program does not know it ended")

        guard case .failure(.stoppedIdle(let limit)) = try await program.step() else {
            Issue.record("the step after the idle limit did not say so")
            return
        }
        #expect(limit == .seconds(1))
    }

    /// What a stepping call showed, in the order it happened.
    final class CallEvents: Sendable {
        let events = Mutex<[String]>([])
        func append(_ event: String) { events.withLock { $0.append(event) } }
        var all: [String] { events.withLock { $0 } }
    }

    /// The libraries' folder of the running program: the host's last argument (the sandbox
    /// binds it, so the program sees a file the test puts there).
    static func folder(of program: LiveProgram) async throws -> String {
        let pid = try #require(await program.pid)
        let arguments = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
        return try #require(arguments.split(separator: "\0").last.map(String.init))
    }

    @Test func aSteppingCallStreamsItsLinesAndMarksTheLinesItRan() async throws {
        // The body waits (after its sleep) for a marker the test drops when it has seen
        // "before", and returns whether it saw it: that order is the evidence, not timing.
        let snippet = """
            import Glibc

            struct Slow: AsyncIteratorProtocol {
                var count = 0
                mutating func next() async -> Int? {
                    print("before")
                    try? await Task.sleep(for: .milliseconds(1500))
                    let marker = CommandLine.arguments.last! + "/before-seen"
                    var waits = 0
                    while access(marker, F_OK) != 0 && waits < 2400 {
                        try? await Task.sleep(for: .milliseconds(50))
                        waits += 1
                    }
                    print("after")
                    count += 1
                    return access(marker, F_OK) == 0 ? count : -count
                }
            }
            var gen = Slow()
            """
        let (program, _) = try await Self.program(snippet, entryLimit: .seconds(120), stepping: true)
        defer { Task { await program.close() } }
        try await Self.ran(program, "print(1)")
        let started = try await program.startStepping("gen")
        guard case .success(let ready) = started else {
            Issue.record("stepping did not start: \(started)")
            return
        }
        #expect(ready.kind == "AsyncIteratorProtocol")
        #expect(await program.instrumentationNote == nil)
        let marker = try await Self.folder(of: program) + "/before-seen"
        let events = CallEvents()
        let result = try await program.step { line in
            events.append("line " + line.text)
            if line.text == "before" { _ = FileManager.default.createFile(atPath: marker, contents: Data()) }
        }
        events.append("returned")
        let report = try #require(try? result.get())
        #expect(events.all == ["line before", "line after", "returned"])
        #expect(report.value == "Optional(1)", "the body returned before the test had seen \"before\"")
        #expect(report.bodyOutput.map(\.text) == ["before", "after"])
        #expect(report.duration != nil)
        let linesRun = try #require(report.linesRun)
        let source = try #require(report.visibleSource)
        let ran = Set(linesRun.map { source[$0 - 1].trimmingCharacters(in: .whitespaces) })
        #expect(ran.contains("print(\"before\")"))
        #expect(ran.contains("print(\"after\")"))
        #expect(ran.contains("count += 1"))
        #expect(!ran.contains("var gen = Slow()"))
        #expect(!ran.contains("var count = 0"))
        let listing = CallListing.render(source: source, linesRun: linesRun, width: 80)
        #expect(listing.contains { $0.hasPrefix("▶") && $0.hasSuffix("print(\"after\")") })
    }

    @Test func aSnippetWhoseInstrumentedTextDoesNotCompileIsSteppedAsWrittenAndSaysSo() async throws {
        let snippet = """
            struct Counter: IteratorProtocol {
                var count = 0
                mutating func next() -> Int? {
                    count += 1
                    return count
                }
            }
            var gen = Counter()
            """
        let source = SnippetSource(snippet)
        // Text that parses but names nothing: the compile fails, as a rewrite that broke the code would.
        let broken = InstrumentedSnippet(
            lines: source.lines.map { $0.text.replacingOccurrences(of: "count += 1", with: "count += __stepwiseNoSuchValue") },
            support: "")
        let (program, _) = try await Self.program(snippet, rewrite: broken)
        defer { Task { await program.close() } }
        guard case .success = try await program.startStepping("gen") else {
            Issue.record("stepping did not start")
            return
        }
        #expect(await program.instrumentationNote?.contains("without the lines each call ran") == true)
        let report = try #require(try? await program.step().get())
        #expect(report.value == "Optional(1)")
        #expect(report.linesRun == nil)
        #expect(report.duration != nil)
    }

    @Test func steppingAVariableRedeclaredAtThePromptStillMarksTheLinesItRan() async throws {
        // Redeclaring a snippet name imports the snippet's module by name: the driver's call
        // trace must be among those names.
        let (program, _) = try await Self.program(
            """
            struct Counter: IteratorProtocol {
                var count = 0
                mutating func next() -> Int? {
                    count += 1
                    return count
                }
            }
            var gen = Counter()
            """, stepping: true)
        defer { Task { await program.close() } }
        try await Self.ran(program, "var gen = Counter(count: 10)")
        guard case .success = try await program.startStepping("gen") else {
            Issue.record("stepping did not start")
            return
        }
        let report = try #require(try? await program.step().get())
        #expect(report.value == "Optional(11)")
        #expect(report.linesRun == [4, 5])
    }
}
