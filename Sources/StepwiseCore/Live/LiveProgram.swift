import Foundation

/// One running program per step behind the prompt (see ``LiveHostCode``): the snippet's module
/// is loaded first (its top-level code runs once), then every entry is compiled as a module of
/// its own and loaded into the same process. Nothing runs twice; tasks keep running.
///
/// Output is handed to ``onEvent`` as it arrives, whether an entry is running or not. When the
/// program dies (a crash, a stuck entry that had to be killed, the idle limit) the next entry
/// starts a new one and loads the kept entries into it once, quietly, before running.
package actor LiveProgram {
    /// What the program shows the learner, as it happens.
    package enum Event: Sendable {
        /// A line the program printed; `duringEntry` is false for a background task's output.
        case line(TimedLine, duringEntry: Bool)
        /// Something the tutor has to say about the program (a crash, a rebuild).
        case notice(String)
    }

    /// How an entry ended.
    package enum EntryResult: Sendable {
        case ran(termination: Termination, crash: RuntimeCrash?, notes: [String])
        case compileFailed([CompilerDiagnostic])
        case notRun(String)
    }

    struct Kept: Sendable {
        var text: String
        var number: Int
        var library: String
        var declarations: [DeclaredName]
        var imports: [String]
    }

    private let toolchain: Toolchain
    private let cacheDirectory: String
    private let environment: [String: String]
    private let reader: any EntryReading
    private let snippet: SnippetSource?
    /// The snippet instrumented to record the lines each stepping call runs (see ``LiveStepDriver``).
    private let rewrite: InstrumentedSnippet?
    /// How long one entry may run before it is cancelled (then, if it will not stop, killed).
    private let entryLimit: Duration?
    /// How long the program may sit without an entry before it is ended.
    private let idleLimit: Duration
    private var handler: (@Sendable (Event) -> Void)?

    private var folder: String?
    private var snippetLibrary: String?
    private var snippetImports: [String] = []
    private var process: ChildProcess?
    private var pump: Task<Void, Never>?
    private var kept: [Kept] = []
    private var nextNumber = 1
    private var running: Int?
    private var waiter: CheckedContinuation<(status: Int, result: String?)?, Never>?
    private var entryLines: [TimedLine] = []
    private var ended: RunResult?
    /// Where the times of the lines count from: the start of the latest entry, on the child's
    /// clock (since it was spawned). A background task's line between entries counts from
    /// there too, so a task an entry started shows its own pace (0.50s, 1.00s...) as `run`
    /// would, and every line of the program is timed one way.
    private var clockStart: Duration = .zero
    private var quiet = false
    private var idleTimer = IdleTimer()
    /// Why the program has to be started afresh (nil on the first start).
    private var restartReason: String?

    package init(
        toolchain: Toolchain, cacheDirectory: String, environment: [String: String], reader: any EntryReading,
        snippet: SnippetSource?, rewrite: InstrumentedSnippet? = nil, entryLimit: Duration?,
        idleLimit: Duration = .seconds(30 * 60)
    ) {
        self.toolchain = toolchain
        self.cacheDirectory = cacheDirectory
        self.environment = environment
        self.reader = reader
        self.snippet = snippet
        self.rewrite = rewrite
        self.entryLimit = entryLimit
        self.idleLimit = idleLimit
    }

    package func observe(_ handler: @escaping @Sendable (Event) -> Void) {
        self.handler = handler
    }

    package var hasKeptEntries: Bool { !kept.isEmpty }
    /// Why stepping does not record the lines each call ran although it was meant to.
    package private(set) var instrumentationNote: String?
    package var keptTexts: [String] { kept.map(\.text) }
    /// The host's pid while it runs (for tests and the benchmark).
    package var pid: Int32? { ended == nil ? process?.pid : nil }

    /// Ends the program (its tasks with it) and removes its libraries.
    package func close() async {
        idleTimer.cancel()
        if let process {
            // Not a crash: an exit that arrives while this waits is not reported as one.
            restartReason = "closed"
            process.stop(.interrupted)
            _ = await process.waitForExit()
        }
        process = nil
        restartReason = nil
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
        folder = nil
    }

    /// Ends the program and its background tasks; the next entry starts a new one from the kept entries.
    package func stopTasks() async {
        guard let process, ended == nil else { return }
        restartReason = "stopped"
        process.stop(.interrupted)
        ended = await process.waitForExit()
    }

    /// Ends the program, its tasks with it, and forgets every entry (`restart`): the next entry
    /// starts a fresh program with the snippet alone, compiled once already. Whether there was
    /// a program or a kept entry to end.
    package func restart() async -> Bool {
        let hadSomething = (process != nil && ended == nil) || !kept.isEmpty
        idleTimer.cancel()
        if let process, ended == nil {
            // Not a crash: the program's end is not reported as one.
            restartReason = "restarted"
            process.stop(.interrupted)
            _ = await process.waitForExit()
        }
        process = nil
        pump = nil
        ended = nil
        kept = []
        stepCall = nil
        recentErrors = []
        restartReason = nil
        return hadSomething
    }

    // MARK: Entries

    /// Compiles `text` as the next module and runs it in the program. Throws only
    /// `CancellationError`, after the entry was stopped (Ctrl-C).
    package func evaluate(_ text: String) async throws -> EntryResult {
        if case .invalid(let diagnostics) = reader.completeness(of: text) { return .compileFailed(diagnostics) }
        var notes: [String] = []
        do {
            if let note = try await ensureRunning() { notes.append(note) }
        } catch let failure as StartFailure {
            switch failure {
            case .snippetDoesNotCompile(let diagnostics): return .compileFailed(diagnostics)
            case .cannotStart(let reason): return .notRun(reason)
            }
        }
        guard let folder else { return .notRun("the live program has no folder") }
        let number = nextNumber
        nextNumber += 1
        let module = ModuleRequest(name: "StepwiseEntry\(number)", number: number, file: "entry.swift", imports: imports())
        var rewritten = reader.rewrite(text, as: module, asStatement: false)
        var compiled: Result<String, CompileErrors>?
        if !rewritten.untypedEffectfulNames.isEmpty {
            // `let names = try await listPhotos()` (as Swift's own book writes it) has no type
            // for a global to take: the compiler names it first, and with that type the value
            // is kept for later entries. If anything of that fails, the entry runs as written.
            let types = await compilerTypes(of: rewritten.untypedEffectfulNames, in: text, module: module, folder: folder)
            if !types.isEmpty {
                let typed = reader.rewrite(text, as: module, asStatement: false, types: types)
                if case .success(let library) = await compile(typed, module: module, text: text, in: folder) {
                    rewritten = typed
                    compiled = .success(library)
                }
            }
        }
        if compiled == nil { compiled = await compile(rewritten, module: module, text: text, in: folder) }
        guard var compiled else { return .notRun("the entry was not compiled") }
        if case .failure = compiled, rewritten.showsValue {
            let statement = reader.rewrite(text, as: module, asStatement: true)
            let plain = await compile(statement, module: module, text: text, in: folder)
            if case .success = plain {
                rewritten = statement
                compiled = plain
            } else if case .failure(let errors) = compiled,
                errors.diagnostics.contains(where: { $0.message.contains("'__show'") })
            {
                // `__show(...)` only adds a wrapper's own ambiguity (a generic result such as
                // withTaskGroup's is inferred from the wrapper's overloads): the learner's
                // error is the one the entry gives as a plain statement.
                compiled = plain
            }
        }
        let library: String
        switch compiled {
        case .failure(let errors): return .compileFailed(PromptSession.errorsOnly(errors.diagnostics))
        case .success(let found): library = found
        }
        let status = try await run(number: number, library: library)
        switch status {
        case .finished(let code, _):
            if code != 2 {
                kept.append(
                    Kept(
                        text: text, number: number, library: library, declarations: rewritten.declarations,
                        imports: rewritten.imports))
            }
            armIdleTimer()
            return .ran(termination: code == 2 ? .interrupted : .exited(code == 0 ? 0 : 1), crash: nil, notes: notes)
        case .programEnded(let result, let lines):
            let crash = RuntimeCrash.find(in: lines) ?? RuntimeCrash.find(in: recentErrors)
            return .ran(termination: result.termination, crash: crash, notes: notes + [Self.crashNote(result, crash: crash)])
        case .loadFailed(let reason):
            return .notRun("The live program could not load that entry: \(reason)")
        }
    }

    static let snippetModuleRequest = ModuleRequest(
        name: "StepwiseSnippet", number: 0, file: ProgramFactory.snippetFile, imports: [])

    /// The snippet (`text`: its own, or its lines as the instrumenter rewrote them) as the first
    /// module, with what every entry and the stepping driver use.
    private func snippetModule(_ text: String) -> RewrittenEntry {
        var rewritten = reader.rewrite(text, as: Self.snippetModuleRequest, asStatement: true)
        rewritten.source +=
            "\n" + SupportCode.prompt + "\n" + LiveStepDriver.result + "\n" + EntryStarter.source + "\n" + Self.quietTask + "\n"
        return rewritten
    }

    /// The snippet module's second file: the stepping call's channel, and `rewrite`'s recorder.
    private static func snippetSupport(_ rewrite: InstrumentedSnippet?) -> String {
        LiveStepDriver.channel(support: rewrite?.support ?? "", prologue: rewrite?.prologue ?? "") + "\n"
    }

    /// `Task { ... }` typed alone starts a task; its handle is not worth printing.
    static let quietTask = "func __show<Success, Failure>(_ value: Task<Success, Failure>) {}"

    static func crashNote(_ result: RunResult, crash: RuntimeCrash?) -> String {
        let what = crash.map { "\($0.kind): \($0.message)" } ?? result.termination.summary
        return "The live program ended (\(what)); the next entry starts a new one with the kept entries."
    }

    enum RunStatus {
        case finished(Int, result: String?)
        case programEnded(RunResult, [TimedLine])
        case loadFailed(String)
    }

    private func run(number: Int, library: String) async throws -> RunStatus {
        guard let process else { return .loadFailed("no program") }
        if let ended { return .programEnded(ended, []) }
        idleTimer.cancel()
        running = number
        entryLines = []
        clockStart = MonotonicClock.now() - process.spawnTime
        try? process.write("run \(number) \(library)\n")
        let limitTimer = entryLimit.map { limit in
            Task { [weak self] in
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                await self?.stopStuck(number, reason: .timedOut(limit))
            }
        }
        defer { limitTimer?.cancel() }
        let code = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in waiter = continuation }
        } onCancel: {
            try? process.write("cancel \(number)\n")
            Task { [weak self] in
                try? await Task.sleep(for: .seconds(2))
                await self?.stopStuck(number, reason: .interrupted)
            }
        }
        running = nil
        if let code {
            if code.status == -1 { return .loadFailed(failedLoad ?? "unknown") }
            if Task.isCancelled { throw CancellationError() }
            return .finished(code.status, result: code.result)
        }
        let result = ended ?? RunResult(lines: [], termination: .interrupted, wallTime: .zero)
        if Task.isCancelled, case .interrupted = result.termination { throw CancellationError() }
        return .programEnded(result, entryLines)
    }

    private var failedLoad: String?
    /// The last lines on standard error: a crash between entries is reported from them.
    private var recentErrors: [TimedLine] = []

    /// The entry did not stop when asked: the program cannot be saved.
    private func stopStuck(_ number: Int, reason: Termination) {
        guard running == number, let process else { return }
        if case .timedOut = reason {
            // Cancel first: a sleeping or awaiting entry stops and the program lives on.
            try? process.write("cancel \(number)\n")
            Task { [weak self] in
                try? await Task.sleep(for: .seconds(2))
                await self?.kill(number, reason: reason)
            }
        } else {
            kill(number, reason: reason)
        }
    }

    private func kill(_ number: Int, reason: Termination) {
        guard running == number, let process else { return }
        restartReason = "stuck"
        process.stop(reason)
    }

    // MARK: Stepping

    /// The stepping call's library for the target, compiled once and run once per `next()`.
    private var stepCall: (name: String, number: Int, library: String)?

    /// Starts stepping `name` (a global of the snippet) in this program: the report before any call.
    package func startStepping(_ name: String) async throws -> Result<LiveStepDriver.Report, StepFailure> {
        // The stepping calls run as entries do, which holds the idle limit off while they run;
        // between calls the learner is reading, and the limit counts again.
        defer { if ended == nil, running == nil { armIdleTimer() } }
        var notes: [String] = []
        do {
            if let note = try await ensureRunning() { notes.append(note) }
        } catch let failure as StartFailure {
            switch failure {
            case .snippetDoesNotCompile(let diagnostics): return .failure(.compileFailed(diagnostics))
            case .cannotStart(let reason): return .failure(.notRun(reason))
            }
        }
        for note in notes { handler?(.notice(note)) }
        if !kept.contains(where: { $0.text == LiveStepDriver.declarations }) {
            switch try await evaluate(LiveStepDriver.declarations) {
            case .compileFailed(let diagnostics): return .failure(.compileFailed(diagnostics))
            case .notRun(let reason): return .failure(.notRun(reason))
            case .ran: break
            }
        }
        guard let folder else { return .failure(.notRun("the live program has no folder")) }
        var writesBack = true
        var look = try await call(LiveStepDriver.call(name, advancing: false), in: folder)
        if case .failure(.compileFailed) = look {
            writesBack = false
            look = try await call(LiveStepDriver.call(name, advancing: false, writesBack: false), in: folder)
        }
        switch look {
        case .success(let report):
            if report.error != nil { return .success(report) }
        case .failure(let failure):
            return .failure(failure)
        }
        let number = nextNumber
        nextNumber += 1
        let module = ModuleRequest(name: "StepwiseEntry\(number)", number: number, file: "entry.swift", imports: imports())
        let text = LiveStepDriver.call(name, advancing: true, writesBack: writesBack)
        let rewritten = reader.rewrite(text, as: module, asStatement: true)
        switch await compile(rewritten, module: module, text: text, in: folder) {
        case .failure(let errors): return .failure(.compileFailed(PromptSession.errorsOnly(errors.diagnostics)))
        case .success(let library): stepCall = (name, number, library)
        }
        return look
    }

    /// Sees the lines printed during the current stepping call, as they arrive.
    private var stepLine: (@Sendable (TimedLine) -> Void)?
    /// The `call-trace` of the current stepping call.
    private var callTrace: (duration: Duration, lines: [Int]?)?

    /// One `next()` on the target in the running program.
    /// - Parameter onLine: Sees each line printed during the call as it arrives (a print before
    ///   a wait shows before the wait); the report still holds every line.
    package func step(onLine: (@Sendable (TimedLine) -> Void)? = nil) async throws -> Result<StepReport, StepFailure> {
        guard let stepCall else { return .failure(.notRun("stepping has not started")) }
        // The reason first: the idle stop may still be waiting for the exit.
        if restartReason == "idle" { return .failure(.stoppedIdle(after: idleLimit)) }
        if ended != nil { return .failure(.notRun("the live program has ended")) }
        defer { if ended == nil, running == nil { armIdleTimer() } }
        // The call's lines go to `onLine` and into its report, not to the prompt's output.
        quiet = true
        stepLine = onLine
        callTrace = nil
        defer {
            quiet = false
            stepLine = nil
        }
        let clock = ContinuousClock()
        let start = clock.now
        switch try await run(number: stepCall.number, library: stepCall.library) {
        case .finished(3, let result?):
            guard let found = try? JSONDecoder().decode(LiveStepDriver.Report.self, from: Data(result.utf8)) else {
                return .failure(.notRun("the stepping report was unreadable"))
            }
            var report = StepReport(
                call: found.call, value: found.value ?? "nil", isEnd: found.isEnd, error: found.error, bodyOutput: entryLines,
                state: found.state, roundTrip: clock.now - start)
            if let callTrace { report.record(duration: callTrace.duration, programLines: callTrace.lines, of: snippet) }
            return .success(report)
        case .finished(let status, _):
            return .failure(.notRun(status == 2 ? "the call was cancelled" : "the call did not report"))
        case .programEnded(let result, let lines):
            self.stepCall = nil
            return .failure(.programEnded(result, lines))
        case .loadFailed(let reason):
            return .failure(.notRun(reason))
        }
    }

    package enum StepFailure: Error {
        case compileFailed([CompilerDiagnostic])
        case programEnded(RunResult, [TimedLine])
        case notRun(String)
        /// The program sat longer than the idle limit between two calls and was ended.
        case stoppedIdle(after: Duration)
    }

    /// Compiles and runs a one-off entry that hands back a stepping report.
    private func call(_ text: String, in folder: String) async throws -> Result<LiveStepDriver.Report, StepFailure> {
        let number = nextNumber
        nextNumber += 1
        let module = ModuleRequest(name: "StepwiseEntry\(number)", number: number, file: "entry.swift", imports: imports())
        let rewritten = reader.rewrite(text, as: module, asStatement: true)
        let library: String
        switch await compile(rewritten, module: module, text: text, in: folder) {
        case .failure(let errors): return .failure(.compileFailed(PromptSession.errorsOnly(errors.diagnostics)))
        case .success(let found): library = found
        }
        switch try await run(number: number, library: library) {
        case .finished(3, let result?):
            guard let report = try? JSONDecoder().decode(LiveStepDriver.Report.self, from: Data(result.utf8)) else {
                return .failure(.notRun("the stepping report was unreadable"))
            }
            return .success(report)
        case .finished: return .failure(.notRun("the stepping driver did not report"))
        case .programEnded(let result, let lines): return .failure(.programEnded(result, lines))
        case .loadFailed(let reason): return .failure(.notRun(reason))
        }
    }

    // MARK: The program

    enum StartFailure: Error {
        case snippetDoesNotCompile([CompilerDiagnostic])
        case cannotStart(String)
    }

    /// Starts the program if it is not running, loading the snippet and the kept entries.
    /// Returns what to tell the learner about a restart.
    private func ensureRunning() async throws -> String? {
        if process != nil, ended == nil { return nil }
        let folder: String
        if let existing = self.folder {
            folder = existing
        } else {
            do {
                folder = try ProgramFiles.makeTemporaryFolder(in: cacheDirectory, prefix: "live")
            } catch {
                throw StartFailure.cannotStart("Stepwise could not make a folder for the live program: \(error)")
            }
            self.folder = folder
        }
        learnJobs()
        if snippetLibrary == nil {
            let module = Self.snippetModuleRequest
            let rewritten = snippetModule(snippet?.compiledText ?? "")
            var compiled: Result<String, CompileErrors>?
            if let rewrite {
                let instrumented = snippetModule(rewrite.lines.joined(separator: "\n"))
                compiled = await compile(instrumented, module: module, text: nil, in: folder, support: Self.snippetSupport(rewrite))
                if case .failure = compiled {
                    // As the standalone stepper does: step the snippet as written, and say so.
                    compiled = nil
                    instrumentationNote = "Stepping without the lines each call ran: the instrumented snippet did not compile."
                }
            }
            let library: Result<String, CompileErrors>
            if let compiled {
                library = compiled
            } else {
                library = await compile(rewritten, module: module, text: nil, in: folder, support: Self.snippetSupport(nil))
            }
            switch library {
            case .failure(let errors): throw StartFailure.snippetDoesNotCompile(PromptSession.errorsOnly(errors.diagnostics))
            case .success(let path): snippetLibrary = path
            }
            snippetImports = rewritten.imports
        }
        let host: String
        switch await LiveHostBuild.executable(toolchain: toolchain, cacheDirectory: cacheDirectory) {
        case .success(let path): host = path
        case .failure(let reason): throw StartFailure.cannotStart(reason.description)
        }
        let scratch: String
        let started: ChildProcess
        do {
            scratch = try ScratchFolder.make()
            var limits = RunLimits()
            limits.wallClock = nil
            // The CPU limit must not end a program the learner is simply thinking beside.
            limits.cpuSeconds = 3600
            started = try await ChildProcess.startInteractive(
                // The libraries' folder as an argument: a sandbox binds it, so entries compiled
                // into it later can be loaded from inside.
                ProcessSpec(executable: host, arguments: [folder], environment: environment, workingDirectory: scratch),
                limits: limits,
                removesAtExit: scratch)
        } catch {
            throw StartFailure.cannotStart("Stepwise could not start the live program: \(error)")
        }
        process = started
        ended = nil
        let pumpProcess = started
        pump = Task { [weak self] in
            while let event = await pumpProcess.nextEvent() {
                await self?.received(event, from: pumpProcess)
            }
        }
        let reason = restartReason
        let replay = restartReason != nil
        quiet = replay
        defer { quiet = false }
        if let snippetLibrary {
            _ = try await run(number: 0, library: snippetLibrary)
        }
        var replayed = 0
        for entry in kept {
            guard ended == nil else { break }
            if case .finished = try await run(number: entry.number, library: entry.library) { replayed += 1 }
        }
        restartReason = nil
        guard replay else { return nil }
        let why = reason == "idle" ? "The live program had been idle too long and was ended. " : ""
        return why
            + "Started a new live program: the snippet and \(replayed) kept entr\(replayed == 1 ? "y" : "ies") ran once more "
            + "(their output hidden). Times, random values and tasks are new ones, not those you saw."
    }

    private func armIdleTimer() {
        idleTimer.arm(after: idleLimit) { [weak self] in await self?.endIdle() }
    }

    private func endIdle() async {
        guard running == nil, let process, ended == nil else { return }
        restartReason = "idle"
        process.stop(.interrupted)
        ended = await process.waitForExit()
    }

    private func received(_ event: ChildProcess.Event, from source: ChildProcess) {
        guard source === process else { return }
        switch event {
        case .line(var line):
            line.elapsed = max(.zero, line.elapsed - clockStart)
            if running != nil { entryLines.append(line) }
            if line.stream == .stderr { recentErrors = Array((recentErrors + [line]).suffix(20)) }
            if running != nil, let stepLine { stepLine(line) }
            if !quiet { handler?(.line(line, duringEntry: running != nil)) }
        case .control(let received):
            switch received.message {
            case .callTrace(_, let duration, let lines) where running != nil && running == stepCall?.number:
                callTrace = (duration, lines)
            case .entryDone(let number, let status, let result) where number == running:
                waiter?.resume(returning: (status, result))
                waiter = nil
            case .entryFailed(let number, let error) where number == running:
                failedLoad = error
                waiter?.resume(returning: (-1, nil))
                waiter = nil
            default: break
            }
        case .exited(let result):
            ended = result
            if restartReason == nil { restartReason = "crashed" }
            if let waiter {
                self.waiter = nil
                waiter.resume(returning: nil)
            } else if !quiet, restartReason == "crashed" {
                let crash = RuntimeCrash.find(in: recentErrors)
                handler?(.notice(Self.crashNote(result, crash: crash)))
            }
        }
    }

    // MARK: Compiling

    /// What an entry module imports: the snippet's imports, then the snippet and every kept
    /// entry, each name resolving to its newest declaration as a REPL's would.
    ///
    /// A name declared again (or over the snippet's) is imported from its newest module by a
    /// scoped import, which shadows whole-module imports. That is enough for a variable or a
    /// type, not for a function: functions overload, so `func f() -> Int` and a later
    /// `func f() -> String` would both stay in sight and `f()` would be ambiguous. So a module
    /// with a name declared again later is imported only by the names it still holds (and
    /// one of its own, so its extensions stay in sight when it holds none).
    private func imports() -> [String] {
        var newest: [String: (kind: String, module: String)] = [:]
        var count: [String: Int] = [:]
        for entry in kept {
            for name in entry.declarations {
                newest[name.name] = (name.kind, "StepwiseEntry\(entry.number)")
                count[name.name, default: 0] += 1
            }
        }
        let snippetDeclarations = snippetDeclarations()
        var lines = snippetImports
        if snippetDeclarations.contains(where: { newest[$0.name] != nil }) {
            lines += Self.supportNames.map { "@testable import \($0.kind) StepwiseSnippet.\($0.name)" }
            lines += snippetDeclarations.filter { newest[$0.name] == nil }.map { "@testable import \($0.kind) StepwiseSnippet.\($0.name)" }
        } else {
            lines.append("@testable import StepwiseSnippet")
        }
        var seenImports = Set(lines)
        for entry in kept {
            for line in entry.imports where seenImports.insert(line).inserted { lines.append(line) }
            guard !entry.declarations.isEmpty else { continue }
            let module = "StepwiseEntry\(entry.number)"
            let holds = entry.declarations.filter { newest[$0.name]?.module == module }
            if holds.count == entry.declarations.count {
                lines.append("@testable import \(module)")
            } else {
                lines.append("@testable import func \(module).__stepwiseRun\(entry.number)")
                lines += holds.map { "@testable import \($0.kind) \(module).\($0.name)" }
            }
        }
        for (name, place) in newest.sorted(by: { $0.key < $1.key })
        where count[name, default: 0] > 1 || snippetDeclarations.contains(where: { $0.name == name }) {
            let line = "@testable import \(place.kind) \(place.module).\(name)"
            if seenImports.insert(line).inserted { lines.append(line) }
        }
        return lines
    }

    /// What the snippet's module defines for the entries (see ``ensureRunning()``).
    static let supportNames = [
        DeclaredName(kind: "func", name: "__show"), DeclaredName(kind: "struct", name: "__StepwiseReturn"),
        DeclaredName(kind: "func", name: "__stepwiseReturn"), DeclaredName(kind: "func", name: EntryStarter.name),
        // The stepping driver's call trace (``LiveStepDriver/channel(support:prologue:)``).
        DeclaredName(kind: "func", name: "__stepwiseCallStarting"), DeclaredName(kind: "func", name: "__stepwiseCallFinished"),
    ]

    private var snippetNames: [DeclaredName]?

    private func snippetDeclarations() -> [DeclaredName] {
        if let snippetNames { return snippetNames }
        let names = reader.rewrite(snippet?.compiledText ?? "", as: Self.snippetModuleRequest, asStatement: true).declarations
        snippetNames = names
        return names
    }

    /// Compiles a module into `folder`; the library's path, or the diagnostics.
    /// - Parameter support: generated code compiled as a second file of the module, with
    ///   imports of its own (the C library's globals are `@preconcurrency` there whatever the
    ///   snippet imports).
    private func compile(
        _ rewritten: RewrittenEntry, module: ModuleRequest, text: String?, in folder: String, support: String? = nil
    ) async -> Result<String, CompileErrors> {
        let file = (folder as NSString).appendingPathComponent("\(module.name).swift")
        let supportFile = (folder as NSString).appendingPathComponent("\(module.name)Support.swift")
        let library = (folder as NSString).appendingPathComponent("lib\(module.name).so")
        do {
            try rewritten.source.write(toFile: file, atomically: true, encoding: .utf8)
            try support?.write(toFile: supportFile, atomically: true, encoding: .utf8)
        } catch {
            return .failure(CompileErrors(diagnostics: [Self.generatedError("\(error)")]))
        }
        let result: RunResult
        do {
            result = try await build(
                rewritten, module: module, file: file, library: library, in: folder, support: support == nil ? [] : [supportFile])
        } catch {
            return .failure(CompileErrors(diagnostics: [Self.generatedError("\(error)")]))
        }
        if result.termination.isSuccess { return .success(library) }
        let source: SnippetSource = text.map { SnippetSource($0) } ?? snippet ?? SnippetSource("")
        let region: CompilerDiagnostic.Region = text == nil ? .snippet : .entry
        let program = GeneratedProgram(
            main: rewritten.source, support: "",
            segments: [module.file: .init(region: region, source: source, firstLineShift: rewritten.showsValue ? 7 : 0)])
        let output = result.lines.map(\.text)
        var diagnostics = CompilerOutputParser.parse(output, program: program)
        if !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.append(Self.generatedError(output.joined(separator: "\n")))
        }
        return .failure(CompileErrors(diagnostics: diagnostics))
    }

    /// The types the compiler gives `names` in `text`, from a compile that assigns each to a
    /// function of its own making and reads the type off the error (`cannot convert value of
    /// type '[String]' to expected argument type '__StepwiseTypeOf_names'`).
    private func compilerTypes(of names: [String], in text: String, module: ModuleRequest, folder: String) async -> [String: String] {
        // A call, not `let _: T = name`: a declaration would go to file scope, where the
        // entry's own values are not.
        let probe =
            text + "\n"
            + names.map {
                "struct __StepwiseTypeOf_\($0) {}\nfunc __stepwiseTypeOf_\($0)(_: __StepwiseTypeOf_\($0)) {}\n__stepwiseTypeOf_\($0)(\($0))"
            }
            .joined(separator: "\n")
        let rewritten = reader.rewrite(probe, as: module, asStatement: true)
        guard case .failure(let errors) = await compile(rewritten, module: module, text: probe, in: folder) else { return [:] }
        var types: [String: String] = [:]
        for diagnostic in errors.diagnostics {
            guard let match = diagnostic.message.firstMatch(of: /value of type '(.+)' to expected argument type '__StepwiseTypeOf_(\w+)'/)
            else {
                continue
            }
            let type = String(match.1)
            // A type the compiler can only describe (an opaque or a local type) cannot be written down.
            if !type.contains("some ") && !type.contains("<<") && !type.contains("(unknown context") { types[String(match.2)] = type }
        }
        return types
    }

    /// The driver's arguments for a module's library: one frontend job for the object and the
    /// module (a separate module job costs more than it saves here).
    static func driverArguments(module: String, folder: String, file: String, library: String) -> [String] {
        [
            "-swift-version", "6", "-emit-library", "-emit-module", "-wmo", "-no-emit-module-separately-wmo",
            "-parse-as-library", "-enable-testing",
            "-diagnostic-style", "llvm", "-module-name", module, "-I", folder, file, "-o", library,
        ]
    }

    /// Runs the compile: the frontend and the linker directly when the toolchain's jobs are
    /// known and the entry needs no library that is not loaded yet, else the driver.
    private func build(
        _ rewritten: RewrittenEntry, module: ModuleRequest, file: String, library: String, in folder: String,
        support: [String] = []
    ) async throws
        -> RunResult
    {
        let limits = RunLimits(wallClock: .seconds(120), memoryBytes: nil, sandbox: .off)
        // The linker is given the standard libraries only: a module the entry imports for the
        // first time (say Synchronization) brings a library of its own, which only the
        // driver's autolink step finds. The snippet's and earlier entries' imports are loaded.
        let loaded = Set(snippetImports + kept.flatMap(\.imports))
        if module.number > 0, support.isEmpty, Set(rewritten.imports).isSubset(of: loaded), let jobs = await directJobs() {
            let frontend = jobs.frontendCommand(module: module.name, folder: folder)
            let compiled = try await ChildProcess.run(
                ProcessSpec(
                    executable: frontend[0], arguments: Array(frontend.dropFirst()), environment: environment, workingDirectory: folder),
                limits: limits)
            guard compiled.termination.isSuccess else { return compiled }
            let linker = jobs.linkerCommand(module: module.name, folder: folder)
            let linked = try await ChildProcess.run(
                ProcessSpec(
                    executable: linker[0], arguments: Array(linker.dropFirst()), environment: environment, workingDirectory: folder),
                limits: limits)
            if linked.termination.isSuccess { return compiled }
            // A link that fails where the driver's would not: the driver's way, from the start.
        }
        return try await ChildProcess.run(
            ProcessSpec(
                executable: toolchain.swiftc,
                arguments: Self.driverArguments(module: module.name, folder: folder, file: file, library: library) + support,
                environment: environment, workingDirectory: folder),
            limits: limits)
    }

    /// The toolchain's entry jobs: learnt (or read from the cache) while the snippet compiles.
    private var entryJobs: Task<EntryJobs?, Never>?

    private func learnJobs() {
        guard entryJobs == nil else { return }
        let (toolchain, cacheDirectory) = (toolchain, cacheDirectory)
        entryJobs = Task { await EntryJobs.load(toolchain: toolchain, cacheDirectory: cacheDirectory, arguments: Self.driverArguments) }
    }

    private func directJobs() async -> EntryJobs? {
        learnJobs()
        return await entryJobs?.value
    }

    struct CompileErrors: Error {
        var diagnostics: [CompilerDiagnostic]
    }

    static func generatedError(_ text: String) -> CompilerDiagnostic {
        CompilerDiagnostic(
            region: .generated, line: 0, column: 0, severity: .error,
            message: text.isEmpty ? "the compiler failed without saying why" : text)
    }
}
