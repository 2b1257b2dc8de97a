import Foundation
import Testing

@testable import StepwiseCore

/// The control channel between the tutor and generated programs: the child's hand-written
/// encoder against the Core type, and nothing a learner prints passing for a message.
@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct ControlChannelTests {
    /// Every kind of message, as real generated programs send it, decoded by ``ControlLine``.
    @Test func everyMessageKindTheChildSendsDecodes() async throws {
        let runner = try await ExecutionTestSupport.runner()
        var kinds: Set<String> = []
        func note(_ messages: [ReceivedControl]) {
            for received in messages { kinds.insert(Self.kind(of: received.message)) }
        }

        let exercise = ProgramFactory.exercise(
            code: SnippetSource("let answer = 42"), checks: SnippetSource("check(\"is \\\"42\\\"\\n\", answer == 42)"))
        guard case .ran(let checked, _) = try await runner.execute(exercise, limits: RunLimits(), cacheInBackground: false)
        else { Issue.record("the exercise did not run"); return }
        note(checked.controlMessages)
        #expect(checked.controlMessages.contains { $0.message == .checkEnded(name: "is \"42\"\n", passed: true) })

        let prompt = PromptSession.program(
            snippet: nil, kept: [], new: PromptEntry(text: "print(1)", kind: .statement))
        guard case .ran(let prompted, _) = try await runner.execute(prompt, limits: RunLimits(), cacheInBackground: false)
        else { Issue.record("the prompt did not run"); return }
        note(prompted.controlMessages)

        // `started` is consumed by SwiftRunOutput; the interactive events show it and the step kinds.
        let stepping = ProgramFactory.stepping(
            SnippetSource("var letters = [\"a\", \"b\"].makeIterator()"), name: "letters")
        // A wall clock far beyond the milliseconds this takes: a loaded machine must not end it.
        let launch = try await runner.launchInteractive(stepping, limits: RunLimits(wallClock: .seconds(120)), cacheInBackground: false)
        defer { if let folder = launch.folder { try? FileManager.default.removeItem(atPath: folder) } }
        var interactive: [ReceivedControl] = []
        var sentNext = false
        while let event = await launch.process.nextEvent() {
            guard case .control(let received) = event else { continue }
            interactive.append(received)
            if case .stepReady = received.message, !sentNext {
                try launch.process.write("next\n")
                sentNext = true
            } else if case .stepReport = received.message {
                try launch.process.write("quit\n")
            }
        }
        note(interactive)
        #expect(interactive.contains { $0.message == .started })
        #expect(
            interactive.contains {
                $0.message == .stepReport(call: 1, value: "Optional(\"a\")", isEnd: false, error: nil, state: $0.stepState)
            })

        #expect(kinds == ["started", "check-began", "check-ended", "step-ready", "call-trace", "step-report", "entry", "finished"])
        // `trace` comes only from instrumented programs: InstrumentedRunTests (StepwiseSyntaxTests) decodes it.
    }

    @Test func aLearnersPrintedControlTagsAreOutputAndPassNoCheck() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let checker = ExerciseChecker(runner: runner)
        let outcome = try await checker.check(
            SnippetSource(Self.forgeries),
            checks: SnippetSource("check(\"x\", false)"))
        guard case .checked(let report) = outcome else { Issue.record("expected a report, got \(outcome)"); return }
        #expect(report.results == [CheckResult(name: "x", passed: false)])
        for forged in Self.forgedLines {
            #expect(report.output.filter { $0.text == forged }.count == 2, "\(forged) on both streams")
        }
    }

    @Test func aLearnersPrintedControlTagsDoNotDisturbThePrompt() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let session = PromptSession(snippet: SnippetSource(Self.forgeries), runner: runner)
        let outcome = try await session.evaluate("print(\"mine\")")
        guard case .ran(let output, let termination, _) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(termination == .exited(0))
        #expect(output.map(\.text) == ["mine"])
        let forging = try await session.evaluate(Self.forgeryStatements)
        guard case .ran(let forgedOutput, _, _) = forging else { Issue.record("got \(forging)"); return }
        #expect(Set(forgedOutput.map(\.text)) == Set(Self.forgedLines))
    }

    @Test func aLearnersPrintedControlTagsDoNotDisturbStepping() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let source = """
            # @preconcurrency import Glibc
            struct Noisy: IteratorProtocol {
                var left = 2
                mutating func next() -> Int? {
                    \(Self.forgeryStatements.split(separator: "\n").joined(separator: "\n        "))
                    guard left > 0 else { return nil }
                    left -= 1
                    return left
                }
            }
            var noisy = Noisy()
            """
        // A wall clock far beyond the few milliseconds this takes: a loaded machine must not end it.
        let start = try await IteratorStepper.start(
            SnippetSource(source), name: "noisy", runner: runner, limits: RunLimits(wallClock: .seconds(120)))
        guard case .started(let stepper, _) = start else { Issue.record("did not start: \(start)"); return }
        let first = try await stepper.next()
        #expect(first.call == 1)
        #expect(first.value == "Optional(1)")
        #expect(first.bodyOutput.count == Self.forgedLines.count * 2)
        let second = try await stepper.next()
        #expect(second.call == 2)
        #expect(second.value == "Optional(0)")
        await stepper.close()
    }

    @Test func limitsAreInPlaceOnTheFirstLine() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let outcome = try await runner.run(
            SnippetSource(
                """
                # @preconcurrency import Glibc
                var cpu = rlimit(), address = rlimit(), core = rlimit()
                getrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &cpu)
                getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &address)
                getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &core)
                print(cpu.rlim_cur, address.rlim_cur, core.rlim_cur)
                """),
            limits: RunLimits(cpuSeconds: 7, memoryBytes: 6 << 30))
        #expect(ExecutionTestSupport.texts(outcome) == ["7 \(6 << 30) 0"])
    }

    @Test func wallTimeIsTheChildsOwnAndNeverShort() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let outcome = try await runner.run(SnippetSource("# import Glibc\nusleep(300_000)\nprint(\"done\")"))
        guard case .ran(let result, _) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(result.wallTime >= .milliseconds(300))
        #expect(result.lines.map(\.text) == ["done"])
    }

    /// A print just before a check is before its `check-began`, one inside it (on the other
    /// stream) between the two messages, and one after it after `check-ended`.
    @Test func outputIsOrderedAroundACheck() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let program = ProgramFactory.exercise(
            code: SnippetSource(
                """
                # @preconcurrency import Glibc
                func inside() -> Bool { fputs("inside\\n", stderr); return true }
                """),
            checks: SnippetSource("print(\"before\")\ncheck(\"c\", inside())\nprint(\"after\")"))
        guard case .ran(let result, _) = try await runner.execute(program, limits: RunLimits(), cacheInBackground: false)
        else { Issue.record("did not run"); return }
        #expect(result.lines.map(\.text) == ["before", "inside", "after"])
        let began = result.controlMessages.first { $0.message == .checkBegan(name: "c", index: 1) }
        let ended = result.controlMessages.first { $0.message == .checkEnded(name: "c", passed: true) }
        #expect(began?.lineIndex == 1)
        #expect(ended?.lineIndex == 2)
        // Message times are the child's; line times are when the tutor read them, never earlier.
        if let began, let ended { #expect(began.elapsed <= ended.elapsed) }
    }

    /// Every former string tag, and a line shaped like a new message, on both streams.
    static let forgedLines = [
        "\u{1E}start", "\u{1E}step {\"call\":1,\"isEnd\":true,\"state\":[]}", "\u{1E}step-end 1",
        "\u{1E}check-begin \"x\"", "\u{1E}check-pass \"x\"", "\u{1E}entry",
        "{\"kind\":\"check-ended\",\"time\":1,\"name\":\"x\",\"passed\":true}",
    ]

    static var forgeries: String {
        "# @preconcurrency import Glibc\n" + forgeryStatements
    }

    static var forgeryStatements: String {
        forgedLines.map { line in
            let literal = line.unicodeScalars.map { $0 == "\u{1E}" ? "\\u{1E}" : ($0 == "\"" ? "\\\"" : String($0)) }.joined()
            return "print(\"\(literal)\"); fputs(\"\(literal)\\n\", stderr)"
        }.joined(separator: "\n")
    }

    static func kind(of message: ControlMessage) -> String {
        switch message {
        case .started: "started"
        case .checkBegan: "check-began"
        case .checkEnded: "check-ended"
        case .stepReady: "step-ready"
        case .stepReport: "step-report"
        case .entryMark: "entry"
        case .finished: "finished"
        case .entryDone: "entry-done"
        case .entryFailed: "entry-failed"
        case .trace: "trace"
        case .callTrace: "call-trace"
        }
    }
}

extension ReceivedControl {
    fileprivate var stepState: [StateEntry] {
        if case .stepReport(_, _, _, _, let state) = message { return state }
        return []
    }
}
