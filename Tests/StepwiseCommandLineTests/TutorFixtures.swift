import Foundation
import Synchronization
import Testing

@testable import StepwiseCommandLine
@testable import StepwiseCore
@testable import StepwiseTerminal

/// Lessons, a tutor state over them, and stand-ins for everything the loop talks to.
enum TutorFixtures {
    static let first = #"""
        ---
        id: first
        title: First lesson
        summary: Runs, predictions and stepping.
        ---

        ## Run it

        ```swift
        print("hello")
        ```

        ## Predict

        ```swift predict
        print(1 + 1)
        ```

        <details><summary>Answer</summary>

        ```output
        2
        ```

        </details>

        ## Step it

        ```swift step=gen
        var gen = [1, 2].makeIterator()
        ```

        ```hint
        Press Enter.
        ```

        ```hint
        Again.
        ```
        """#

    static let second = #"""
        ---
        id: second
        title: Second lesson
        summary: An exercise.
        ---

        ## Exercise: double it

        ```swift exercise
        func double(_ x: Int) -> Int { 0 }
        ```

        ```swift checks
        check("doubles 2", double(2) == 4)
        ```

        ```swift solution
        func double(_ x: Int) -> Int { x * 2 }
        ```

        ## The end

        Nothing here.
        """#

    static func lesson(_ text: String, file: String) throws -> Lesson {
        var diagnostics: [Diagnostic] = []
        let lesson = LessonParser(file: file).parse(text, diagnostics: &diagnostics)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "fixture has errors: \(diagnostics)")
        return try #require(lesson)
    }

    static func catalog() throws -> LessonCatalog {
        LessonCatalog(
            folder: "/lessons",
            lessons: [try lesson(first, file: "/lessons/01-first.md"), try lesson(second, file: "/lessons/02-second.md")],
            diagnostics: [])
    }

    static func state(width: Int = 80, progress: LearnerProgress = LearnerProgress()) throws -> TutorState {
        TutorState(
            catalog: try catalog(), progress: progress,
            capabilities: TerminalCapabilities(isInteractive: false, usesColor: false, width: width))
    }

    static func result(_ lines: [String], termination: Termination = .exited(0)) -> RunResult {
        RunResult(
            lines: lines.map { TimedLine(elapsed: .zero, stream: .stdout, text: $0) }, termination: termination,
            wallTime: .milliseconds(5))
    }
}

/// What a batch of effects shows, as plain text.
func shown(_ effects: [TutorEffect]) -> String {
    effects.compactMap { effect -> String? in
        if case .show(let text) = effect { text.rendered(color: false) } else { nil }
    }.joined(separator: "\n")
}

extension TutorState {
    /// Types a line, as the learner would.
    mutating func type(_ line: String) -> [TutorEffect] {
        handle(.input(.line(line)))
    }
}

extension [TutorEffect] {
    var saves: Int { filter { if case .save = $0 { true } else { false } }.count }
    var runJobs: [RunJob] { compactMap { if case .run(let job) = $0 { job } else { nil } } }
    var evaluated: [String] { compactMap { if case .evaluate(let code, _) = $0 { code } else { nil } } }
    var callsNext: Bool { contains { if case .callNext = $0 { true } else { false } } }
    var stopsStepping: Bool { contains { if case .stopStepping = $0 { true } else { false } } }
    var quits: Bool { contains { if case .quit = $0 { true } else { false } } }
    var startsStepping: Bool { contains { if case .startStepping = $0 { true } else { false } } }
    var checksExercise: Bool { contains { if case .checkExercise = $0 { true } else { false } } }
    /// The `announce` of each ``TutorEffect/endProgram(announce:)``, in order.
    var endsProgram: [Bool] { compactMap { if case .endProgram(let announce) = $0 { announce } else { nil } } }
}

/// Lines for the loop, one per read; the end of input after the last.
final class ScriptedLineReader: LineReader {
    private let remaining: Mutex<[String]>
    private let prompts = Mutex<[String]>([])
    var completer: (@Sendable (String) -> [String])? {
        get { nil }
        set {}
    }

    init(_ lines: [String]) { remaining = Mutex(lines) }

    var promptsSeen: [String] { prompts.withLock { $0 } }

    func readLine(prompt: String) async -> LineInput {
        prompts.withLock { $0.append(prompt) }
        return remaining.withLock { lines in lines.isEmpty ? .endOfInput : .line(lines.removeFirst()) }
    }

    func addHistory(_ line: String) {}
}

/// Everything written, kept.
final class RecordingConsole: Console {
    private(set) var text = ""
    func write(_ text: String) { self.text += text }
}

/// An executor whose every answer the test decides; it records what it was asked.
struct ScriptedExecutor: LessonExecutor {
    var output: [String] = ["scripted output"]
    var values: [String] = ["Optional(1)", "Optional(2)", "nil"]
    var verdict: ExerciseVerdict = .notRun("no checks scripted")
    /// What every run reports instead of `output` (a compile failure).
    var report: RunReport?
    let asked = Requests()

    func run(_ snippet: Snippet, source: SnippetSource?, onLine: (@Sendable (TimedLine) -> Void)?) async throws -> RunReport {
        asked.log.withLock { $0.append("run \(source?.compiledText ?? snippet.block.code)") }
        return report ?? .ran(TutorFixtures.result(output))
    }

    func startStepping(_ snippet: Snippet, source: SnippetSource?) async throws -> SteppingStart {
        asked.log.withLock { $0.append("step") }
        let ready = IteratorStepper.Ready(topLevelOutput: [], kind: "IteratorProtocol", initialState: [], warnings: [])
        return .started(ScriptedStepper(values: values), ready)
    }

    func checkExercise(_ exercise: Exercise, code: SnippetSource) async throws -> ExerciseVerdict {
        asked.log.withLock { $0.append("check") }
        return verdict
    }

    func runPython(_ code: String, onLine: (@Sendable (TimedLine) -> Void)?) async throws -> RunReport { .notRun("no python here") }

    func openPrompt(context: SnippetSource?, stepping: Bool) async -> PromptOpening {
        .opened(ScriptedPrompt(asked: asked))
    }

    func compile(_ source: SnippetSource) async -> CompileReport { .compiled([]) }
    func prefetch(_ snippets: [Snippet]) async {}

    func swiftVersion() async -> Result<String, ToolMissing> { .success("Swift version 6 (scripted)") }
    func pythonVersion() async -> Result<String, ToolMissing> { .failure(ToolMissing("no python here")) }
}

/// One value per call, in order.
final class ScriptedStepper: SteppingSession {
    private let values: Mutex<[String]>
    private let calls = Mutex(0)

    init(values: [String]) { self.values = Mutex(values) }

    func next() async throws -> StepOutcome {
        let call = calls.withLock { count in
            count += 1
            return count
        }
        let value = values.withLock { $0.isEmpty ? "nil" : $0.removeFirst() }
        return .reported(StepReport(call: call, value: value, isEnd: value == "nil", bodyOutput: [], state: [], roundTrip: .zero))
    }

    func close() async {}
}

/// Echoes each entry back as its output.
struct ScriptedPrompt: PromptEvaluator {
    let asked: Requests

    func evaluate(_ entry: String) async throws -> PromptOutcome {
        asked.log.withLock { $0.append("entry \(entry)") }
        return .ran(output: [TimedLine(elapsed: .zero, stream: .stdout, text: "=> \(entry)")], termination: .exited(0), crash: nil)
    }

    func hasKeptEntries() async -> Bool { false }

    func restart() async -> Bool {
        asked.log.withLock { $0.append("restart") }
        return true
    }

    func close() async {
        asked.log.withLock { $0.append("close") }
    }
}

/// A progress store in a folder of the test's own.
func temporaryStore() throws -> ProgressStore {
    let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-tutor-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return ProgressStore(path: (folder as NSString).appendingPathComponent("progress.json"))
}

/// What a scripted stand-in was asked, in order.
final class Requests: Sendable {
    let log = Mutex<[String]>([])
    var all: [String] { log.withLock { $0 } }
}
