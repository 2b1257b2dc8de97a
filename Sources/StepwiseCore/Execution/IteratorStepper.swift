import Foundation

/// A live stepping session: one child process for the whole session, running
/// the snippet and then a driver that calls `next()` on the snippet's variable
/// each time the tutor asks.
///
/// Each ``next()`` is a round trip: write `next` on the child's control channel,
/// then read until the driver's report. Everything the program printed in
/// between is what the iterator's body printed during that call: the report is
/// delivered only after both output streams were read up to it, and the driver
/// waits for its ack, so output from standard error is never attributed to the
/// wrong call.
///
/// The wall-clock limit applies to the snippet's top-level code and then to each
/// call separately: a learner may read for minutes between two calls. Between calls the
/// idle limit (``RunLimits/idleLimit``) applies instead: a learner who walks away must not
/// leave the program running for good, so after that long without a call it is ended and
/// the next call says so (``StepError/stoppedIdle(after:)``).
package actor IteratorStepper {
    /// How starting a session went.
    package enum Start: Sendable {
        /// The snippet (or the driver around it) did not compile.
        case compileFailed([CompilerDiagnostic])
        /// Ready for the first call.
        case started(IteratorStepper, Ready)
        /// The snippet's top-level code ended the program (a crash, a timeout) before stepping began.
        case endedEarly(RunResult)
        /// The variable exists but is neither an iterator nor a sequence (sync or async).
        case notSteppable(message: String, topLevelOutput: [TimedLine])
    }

    /// The state of a session before the first call.
    package struct Ready: Sendable, Hashable {
        /// What the snippet's own top-level code printed before stepping began.
        package var topLevelOutput: [TimedLine]
        /// `IteratorProtocol`, `Sequence`, `AsyncIteratorProtocol` or `AsyncSequence`.
        package var kind: String
        /// The iterator's stored properties before the first call.
        package var initialState: [StateEntry]
        /// The compiler's warnings about the snippet.
        package var warnings: [CompilerDiagnostic]
        /// One line saying why the lines each call ran are not recorded, when they were meant to be.
        package var instrumentationNote: String?
    }

    private let launch: SnippetRunner.InteractiveLaunch
    private let callLimit: Duration?
    private let idleLimit: Duration
    private let origin: Duration
    private var callsMade = 0
    private var ended: RunResult?
    private var inCall = false
    private var idleTimer = IdleTimer()
    /// Set when the idle limit ended the program; the next call reports it.
    private var stoppedIdle = false

    private init(launch: SnippetRunner.InteractiveLaunch, callLimit: Duration?, idleLimit: Duration, origin: Duration) {
        self.launch = launch
        self.callLimit = callLimit
        self.idleLimit = idleLimit
        self.origin = origin
    }

    deinit {
        idleTimer.cancel()
        launch.process.stop(.interrupted)
    }

    /// The child's pid (for tests).
    package var pid: Int32 { launch.process.pid }

    /// Compiles the snippet with the stepping driver, runs its top-level code and
    /// stops before the first call.
    /// - Parameters:
    ///   - source: The `swift step=NAME` block.
    ///   - name: The variable to step (`NAME`).
    ///   - runner: Supplies the toolchain and cache.
    ///   - limits: `wallClock` applies to the top-level code and to each call.
    ///   - rewrite: The snippet instrumented to record the lines each call runs; when that
    ///     version does not compile, the plain snippet is stepped and ``Ready`` says so.
    package static func start(
        _ source: SnippetSource, name: String, runner: SnippetRunner, limits: RunLimits = RunLimits(),
        rewrite: InstrumentedSnippet? = nil
    ) async throws -> Start {
        let plain = ProgramFactory.stepping(source, name: name)
        guard let rewrite else { return try await start(plain, name: name, runner: runner, limits: limits) }
        let instrumented = ProgramFactory.stepping(source, name: name, rewrite: rewrite)
        let first = try await start(instrumented, name: name, runner: runner, limits: limits)
        guard case .compileFailed = first else { return first }
        let second = try await start(plain, name: name, runner: runner, limits: limits)
        guard case .started(let stepper, var ready) = second else { return second }
        ready.instrumentationNote = "Stepping without the lines each call ran: the instrumented snippet did not compile."
        return .started(stepper, ready)
    }

    private static func start(
        _ program: GeneratedProgram, name: String, runner: SnippetRunner, limits: RunLimits
    ) async throws -> Start {
        var processLimits = limits
        // The CPU limit must not end a session the learner is simply reading.
        processLimits.cpuSeconds = limits.cpuSeconds ?? 3600
        let launch: SnippetRunner.InteractiveLaunch
        do {
            launch = try await runner.launchInteractive(program, limits: processLimits, cacheInBackground: true)
        } catch let failure as SnippetRunner.CompileFailure {
            return .compileFailed(failure.diagnostics)
        }
        let process = launch.process
        defer {
            if let folder = launch.folder { try? FileManager.default.removeItem(atPath: folder) }
        }

        var compilerOutput: [String] = []
        var lines: [TimedLine] = []
        var origin: Duration?
        var readyMessage: (kind: String, state: [StateEntry], error: String?)?
        let waitForReady = { () async throws -> RunResult? in
            while readyMessage == nil, let event = await process.nextEvent() {
                switch event {
                case .line(let line):
                    if origin == nil && launch.interpreted && line.stream == .stderr {
                        compilerOutput.append(line.text)
                    } else {
                        lines.append(line)
                    }
                case .control(let received):
                    switch received.message {
                    case .started: origin = received.elapsed
                    case .stepReady(let kind, let state, let error): readyMessage = (kind, state, error)
                    case .stepReport:
                        throw ExecutionError.unexpectedStepMessage("a report before stepping began")
                    default: break
                    }
                case .exited(let result):
                    return result
                }
            }
            return nil
        }
        let exit: RunResult? = try await withTaskCancellationHandler {
            try await waitForReady()
        } onCancel: {
            process.stop(.interrupted)
        }
        let start = origin ?? .zero
        let rebased = lines.map { line -> TimedLine in
            var moved = line
            moved.elapsed = max(.zero, line.elapsed - start)
            return moved
        }
        let warnings = runner.diagnostics(compilerOutput, program: program, failed: false)

        if let exit {
            if origin == nil, case .exited(let code) = exit.termination, code != 0 {
                return .compileFailed(runner.diagnostics(compilerOutput, program: program, failed: true))
            }
            var result = exit
            result.lines = SwiftRunOutput.trimCrashNoise(rebased, termination: exit.termination, program: program)
            return .endedEarly(result)
        }
        guard let readyMessage else {
            throw ExecutionError.unexpectedStepMessage("the program stopped reporting before stepping began")
        }
        if let error = readyMessage.error {
            process.stop(.interrupted)
            return .notSteppable(message: "`\(name)`: \(error)", topLevelOutput: rebased)
        }
        process.setTimeLimit(nil)
        let stepper = IteratorStepper(launch: launch, callLimit: limits.wallClock, idleLimit: limits.idleLimit, origin: start)
        await stepper.armIdleTimer()
        let ready = Ready(
            topLevelOutput: rebased, kind: readyMessage.kind,
            initialState: readyMessage.state, warnings: warnings)
        return .started(stepper, ready)
    }

    /// Why a call did not produce a report.
    package enum StepError: Error, Sendable, Hashable {
        /// The program ended during the call: a crash in the body, the time
        /// limit, or cancellation. `output` is what the body printed first.
        case programEnded(call: Int, output: [TimedLine], termination: Termination, crash: RuntimeCrash?)
        /// The session was already over (closed, or ended by an earlier call).
        case sessionOver
        /// The program waited longer than the idle limit for this call and was ended.
        case stoppedIdle(after: Duration)
    }

    /// Calls `next()` once in the child and reports what happened.
    /// - Throws: ``StepError`` when the program ends during the call or has already ended;
    ///   ``ExecutionError/unexpectedStepMessage(_:)`` if the driver's report cannot be read.
    /// - Parameter onLine: Sees each line the body prints as it arrives, so a print before a
    ///   wait shows before the wait; the report still holds every line.
    package func next(onLine: (@Sendable (TimedLine) -> Void)? = nil) async throws -> StepReport {
        // Checked first: the idle stop may still be waiting for the exit.
        if stoppedIdle { throw StepError.stoppedIdle(after: idleLimit) }
        guard ended == nil else { throw StepError.sessionOver }
        idleTimer.cancel()
        inCall = true
        defer { inCall = false }
        let process = launch.process
        let call = callsMade + 1
        let clock = ContinuousClock()
        let sent = clock.now
        process.setTimeLimit(callLimit)
        do {
            try process.write("next\n")
        } catch {
            // The child is gone; its exit event explains why.
        }
        callsMade = call

        var body: [TimedLine] = []
        var message: (call: Int, value: String?, isEnd: Bool, error: String?, state: [StateEntry])?
        var exit: RunResult?
        var trace: (duration: Duration, lines: [Int]?)?
        let origin = origin
        await withTaskCancellationHandler {
            while message == nil {
                guard let event = await process.nextEvent() else { break }
                switch event {
                case .line(var line):
                    line.elapsed = max(.zero, line.elapsed - origin)
                    body.append(line)
                    onLine?(line)
                case .control(let received):
                    if case .stepReport(let call, let value, let isEnd, let error, let state) = received.message {
                        message = (call, value, isEnd, error, state)
                    }
                    if case .callTrace(_, let duration, let lines) = received.message { trace = (duration, lines) }
                case .exited(let result):
                    exit = result
                }
                if exit != nil { break }
            }
        } onCancel: {
            process.stop(.interrupted)
        }
        let roundTrip = clock.now - sent
        process.setTimeLimit(nil)

        if let exit {
            ended = exit
            let output = SwiftRunOutput.trimCrashNoise(body, termination: exit.termination, program: launch.program)
            throw StepError.programEnded(
                call: call, output: output, termination: exit.termination, crash: RuntimeCrash.find(in: output))
        }
        guard let message, message.call == call else {
            throw ExecutionError.unexpectedStepMessage("expected the report of call \(call)")
        }
        var report = StepReport(
            call: call, value: message.value ?? "nil", isEnd: message.isEnd, error: message.error,
            bodyOutput: body, state: message.state, roundTrip: roundTrip)
        if let trace {
            report.record(
                duration: trace.duration, programLines: trace.lines, of: launch.program.segments[ProgramFactory.snippetFile]?.source)
        }
        armIdleTimer()
        return report
    }

    /// Starts counting the time until the next call.
    private func armIdleTimer() {
        idleTimer.arm(after: idleLimit) { [weak self] in await self?.endIdle() }
    }

    private func endIdle() async {
        guard !inCall, ended == nil, !stoppedIdle else { return }
        stoppedIdle = true
        launch.process.stop(.interrupted)
        ended = await launch.process.waitForExit()
    }

    /// Ends the session and kills the child's process group.
    package func close() async {
        idleTimer.cancel()
        guard ended == nil else { return }
        launch.process.stop(.interrupted)
        ended = await launch.process.waitForExit()
    }
}
