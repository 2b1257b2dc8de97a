import Foundation

/// Compiles and runs snippets with the learner's toolchain.
///
/// **First runs are interpreted.** Measured on this project's reference machine
/// (Swift 6.3.1, Linux, 2 cores), `swiftc` + running a 10-line generator takes
/// about 256 ms, while `swift file.swift` takes about 145 ms and calling the
/// interpreter frontend directly (what `swift` would run, minus the driver)
/// about 115 ms: linking is the difference. So a program that is not cached
/// runs in the JIT interpreter, and is then compiled into the cache in the
/// background; later runs start the cached binary (about 5 ms). A compile that
/// is already in flight (from ``prefetch(_:)``) is awaited instead of interpreting.
package struct SnippetRunner: Sendable {
    /// How a program that is not in the cache runs.
    package enum FirstRun: Sendable, Hashable {
        /// In the JIT interpreter, compiling for the cache in the background.
        case interpret
        /// Compile into the cache, then run the binary.
        case compile
    }

    /// Where the compile for the cache runs after an interpreted first run.
    package enum BackgroundCompiles: Sendable, Hashable {
        /// In this process (the interactive tutor, which lives long enough to finish it).
        case inProcess
        /// In a detached process that survives this one (one-shot commands such as `stepwise run`).
        case detached
        /// Not at all (every first run stays a first run).
        case none
    }

    package let toolchain: Toolchain
    package let cache: SnippetCache
    package var firstRun: FirstRun
    package var backgroundCompiles: BackgroundCompiles = .inProcess
    /// The environment of snippet processes.
    package var environment: [String: String]

    /// - Parameters:
    ///   - toolchain: From ``Toolchain/locate(override:environment:stateDirectory:)``.
    ///   - cache: Where binaries are kept; ``SnippetCache/standard(environment:)`` by default.
    ///   - firstRun: `.interpret` unless the toolchain's interpreter command is unknown.
    ///   - environment: The child environment; Swift's crash backtracer is turned off in it,
    ///     because the learner needs the one-line runtime message, not 60 lines of registers.
    package init(
        toolchain: Toolchain,
        cache: SnippetCache = .standard(),
        firstRun: FirstRun = .interpret,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.toolchain = toolchain
        self.cache = cache
        self.firstRun = toolchain.interpreter == nil ? .compile : firstRun
        var environment = environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        self.environment = environment
    }

    // MARK: Public operations

    /// Compiles (or interprets) and runs a snippet.
    /// - Throws: ``ExecutionError`` or ``ChildProcessError`` when Stepwise itself cannot run it.
    /// - Parameter onLine: sees each standard-output line as it arrives, timed from the program's
    ///   start, so a run can be shown live; the outcome still holds every line.
    /// - Parameter rewrite: The snippet instrumented to record its tasks; when that version
    ///   does not compile, the plain snippet runs instead and the result says so.
    package func run(
        _ source: SnippetSource, limits: RunLimits = RunLimits(), rewrite: InstrumentedSnippet? = nil,
        onLine: (@Sendable (TimedLine) -> Void)? = nil
    ) async throws -> SnippetOutcome {
        if let rewrite {
            let outcome = try await execute(
                ProgramFactory.instrumented(source, rewrite), limits: limits, cacheInBackground: true, onLine: onLine)
            if case .ran = outcome { return outcome }
            let plain = try await execute(ProgramFactory.plain(source), limits: limits, cacheInBackground: true, onLine: onLine)
            guard case .ran(var result, let warnings) = plain else { return plain }
            result.instrumentationNote = "Ran without the task timeline: the instrumented snippet did not compile."
            return .ran(result, warnings: warnings)
        }
        return try await execute(ProgramFactory.plain(source), limits: limits, cacheInBackground: true, onLine: onLine)
    }

    /// Starts compiling `sources` into the cache in the background, one at a
    /// time, while the learner reads; returns immediately.
    package func prefetch(_ sources: [SnippetSource]) async {
        for source in sources {
            await cache.compileInBackground(ProgramFactory.plain(source), toolchain: toolchain)
        }
    }

    /// Starts compiling the stepping program for `source` in the background.
    package func prefetchStepping(_ source: SnippetSource, name: String, rewrite: InstrumentedSnippet? = nil) async {
        await cache.compileInBackground(ProgramFactory.stepping(source, name: name, rewrite: rewrite), toolchain: toolchain)
    }

    /// Starts compiling an instrumented snippet in the background.
    package func prefetchInstrumented(_ source: SnippetSource, rewrite: InstrumentedSnippet) async {
        await cache.compileInBackground(ProgramFactory.instrumented(source, rewrite), toolchain: toolchain)
    }

    /// Compiles a snippet (through the cache) without running it and returns every
    /// diagnostic, warnings included: what `stepwise check` needs.
    package func diagnose(_ source: SnippetSource) async throws -> [CompilerDiagnostic] {
        let program = ProgramFactory.plain(source)
        let outcome = try await cache.executable(for: program, toolchain: toolchain)
        if let failure = outcome.failure { throw ExecutionError.compilerUnavailable(reason: failure) }
        return diagnostics(outcome.compilerOutput, program: program, failed: outcome.executable == nil)
    }

    // MARK: Shared by runs, stepping, the prompt and exercises

    /// Runs a generated program to completion.
    func execute(
        _ program: GeneratedProgram, limits: RunLimits, cacheInBackground: Bool, onLine: (@Sendable (TimedLine) -> Void)? = nil
    ) async throws -> SnippetOutcome {
        let key = cache.key(for: program, toolchain: toolchain)
        if let cached = cache.lookup(key: key), let executable = cached.executable {
            return try await runBinary(executable, program: program, compilerOutput: cached.compilerOutput, limits: limits, onLine: onLine)
        }
        var notes: [String] = []
        if firstRun == .interpret, let interpreter = toolchain.interpreter, await !cache.isCompiling(key: key) {
            if let note = Self.tooLongToInterpret(program) {
                notes.append(note)
            } else {
                let interpreted = try await interpret(program, interpreter: interpreter, limits: limits, onLine: onLine)
                if let outcome = interpreted.outcome {
                    if cacheInBackground, case .ran = outcome {
                        await compileForLater(program)
                    }
                    return outcome
                }
                notes.append(Self.interpreterRanOutNote)
            }
        }
        let compiled = try await cache.executable(for: program, toolchain: toolchain)
        if let failure = compiled.failure, compiled.executable == nil, compiled.compilerOutput.isEmpty || compiled.stoppedAtLimit {
            throw ExecutionError.compilerUnavailable(reason: failure)
        }
        guard let executable = compiled.executable else {
            return .compileFailed(diagnostics(compiled.compilerOutput, program: program, failed: true))
        }
        var outcome = try await runBinary(
            executable, program: program, compilerOutput: compiled.compilerOutput, limits: limits, onLine: onLine)
        if case .ran(var result, let warnings) = outcome, !notes.isEmpty {
            result.notes = notes + result.notes
            outcome = .ran(result, warnings: warnings)
        }
        return outcome
    }

    /// Lines of generated program beyond which a first run is compiled rather than interpreted.
    ///
    /// The interpreter compiles inside the run, so its compile counts against the run's CPU
    /// limit (the 10 s wall clock plus 2 s). Measured here (Swift 6.3.1, 2 cores), `swift
    /// file.swift` of 1,000 lines of `let vN = N * 2 + 1` took 1.9 s of CPU and 4,000 lines
    /// 20 s: the cost grows faster than the length, so past about 1,000 lines a busy machine
    /// could spend the whole limit before the first line runs. A compile has its own limit
    /// (``CompileLimits``) and the run then gets its whole budget.
    static let interpreterLineLimit = 1000

    static func tooLongToInterpret(_ program: GeneratedProgram) -> String? {
        let lines = program.main.reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
        guard lines > interpreterLineLimit else { return nil }
        return "this snippet is long (\(lines) lines with Stepwise's own code), so it was compiled before running rather than "
            + "interpreted: the interpreter's compile would count against the run's CPU time limit"
    }

    static let interpreterRanOutNote =
        "the interpreter spent the whole time limit compiling this snippet before it could start, so Stepwise compiled it "
        + "instead (a compile has its own limit) and ran the result"

    private func compileForLater(_ program: GeneratedProgram) async {
        switch backgroundCompiles {
        case .inProcess:
            await cache.compileInBackground(program, toolchain: toolchain)
        case .detached:
            // Best effort: if it cannot start, the next run simply interprets again.
            try? await cache.compileDetached(program, toolchain: toolchain)
        case .none:
            break
        }
    }

    /// A started interactive program (the stepping driver).
    struct InteractiveLaunch: Sendable {
        var process: ChildProcess
        var program: GeneratedProgram
        /// Whether compiler output precedes the `started` message on standard error.
        var interpreted: Bool
        /// A temporary folder to delete once the program has started.
        var folder: String?
    }

    /// Starts a generated program whose control channel Stepwise writes commands to.
    func launchInteractive(_ program: GeneratedProgram, limits: RunLimits, cacheInBackground: Bool) async throws -> InteractiveLaunch {
        let key = cache.key(for: program, toolchain: toolchain)
        if let cached = cache.lookup(key: key), let executable = cached.executable {
            let scratch = try ScratchFolder.make()
            let process = try await ChildProcess.startInteractive(
                ProcessSpec(executable: executable, environment: environment, workingDirectory: scratch), limits: limits,
                removesAtExit: scratch)
            return InteractiveLaunch(process: process, program: program, interpreted: false, folder: nil)
        }
        if firstRun == .interpret, let interpreter = toolchain.interpreter, await !cache.isCompiling(key: key) {
            let folder = try ProgramFiles.makeTemporaryFolder(in: try cache.usableDirectory(), prefix: "step")
            do {
                try ProgramFiles.write(program, to: folder)
                let scratch = try ScratchFolder.make()
                let process = try await ChildProcess.startInteractive(
                    interpreterSpec(interpreter, folder: folder, workingDirectory: scratch), limits: limits,
                    removesAtExit: scratch)
                if cacheInBackground { await compileForLater(program) }
                return InteractiveLaunch(process: process, program: program, interpreted: true, folder: folder)
            } catch {
                try? FileManager.default.removeItem(atPath: folder)
                throw error
            }
        }
        let compiled = try await cache.executable(for: program, toolchain: toolchain)
        guard let executable = compiled.executable else {
            if let failure = compiled.failure, compiled.compilerOutput.isEmpty {
                throw ExecutionError.compilerUnavailable(reason: failure)
            }
            // Let the caller see the compiler's complaints exactly as the interpreter would show them.
            throw CompileFailure(diagnostics: diagnostics(compiled.compilerOutput, program: program, failed: true))
        }
        let scratch = try ScratchFolder.make()
        let process = try await ChildProcess.startInteractive(
            ProcessSpec(executable: executable, environment: environment, workingDirectory: scratch), limits: limits,
            removesAtExit: scratch)
        return InteractiveLaunch(process: process, program: program, interpreted: false, folder: nil)
    }

    /// Thrown by ``launchInteractive(_:limits:cacheInBackground:)`` when compiling first failed.
    struct CompileFailure: Error {
        var diagnostics: [CompilerDiagnostic]
    }

    /// Diagnostics from compiler output; if compiling failed but nothing could be
    /// parsed, the raw output becomes one diagnostic so the learner still sees it.
    func diagnostics(_ output: [String], program: GeneratedProgram, failed: Bool) -> [CompilerDiagnostic] {
        let parsed = CompilerOutputParser.parse(output, program: program)
        if failed && !parsed.contains(where: { $0.severity == .error }) {
            let text = output.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            return parsed + [
                CompilerDiagnostic(
                    region: .generated, line: 0, column: 0, severity: .error,
                    message: text.isEmpty ? "the compiler failed without saying why" : text)
            ]
        }
        return parsed
    }

    // MARK: Running

    private func runBinary(
        _ executable: String, program: GeneratedProgram, compilerOutput: [String], limits: RunLimits,
        onLine: (@Sendable (TimedLine) -> Void)? = nil
    ) async throws -> SnippetOutcome {
        let scratch = try ScratchFolder.make()
        let raw = try await ChildProcess.run(
            ProcessSpec(executable: executable, environment: environment, workingDirectory: scratch), limits: limits,
            controlled: true, observer: onLine, removesAtExit: scratch)
        let processed = SwiftRunOutput.process(raw, program: program, interpreted: false)
        return .ran(processed.result, warnings: diagnostics(compilerOutput, program: program, failed: false))
    }

    /// What an interpreted run gave; `outcome` is nil when the time limit stopped the
    /// interpreter before the program started, that is while it was still compiling.
    private struct Interpreted {
        var outcome: SnippetOutcome?
    }

    private func interpret(
        _ program: GeneratedProgram, interpreter: Toolchain.InterpreterCommand, limits: RunLimits,
        onLine: (@Sendable (TimedLine) -> Void)? = nil
    ) async throws -> Interpreted {
        let folder = try ProgramFiles.makeTemporaryFolder(in: try cache.usableDirectory(), prefix: "run")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ProgramFiles.write(program, to: folder)
        let scratch = try ScratchFolder.make()
        let raw = try await ChildProcess.run(
            interpreterSpec(interpreter, folder: folder, workingDirectory: scratch), limits: limits,
            controlled: true, observer: onLine, removesAtExit: scratch)
        let processed = SwiftRunOutput.process(raw, program: program, interpreted: true)
        if !processed.started {
            switch raw.termination {
            case .exited(let code) where code != 0:
                return Interpreted(outcome: .compileFailed(diagnostics(processed.compilerOutput, program: program, failed: true)))
            case .timedOut, .signalled(SIGXCPU, _), .signalled(SIGKILL, _):
                // A limit stopped it while it was compiling: the run's limits are not the
                // compile's, so it is compiled instead.
                return Interpreted(outcome: nil)
            case .signalled:
                // The compiler itself crashed: show what it said rather than nothing.
                return Interpreted(outcome: .compileFailed(diagnostics(processed.compilerOutput, program: program, failed: true)))
            default:
                break
            }
        }
        return Interpreted(
            outcome: .ran(processed.result, warnings: diagnostics(processed.compilerOutput, program: program, failed: false)))
    }

    /// The interpreter reads the program from `folder` but runs in `workingDirectory`, the
    /// snippet's scratch folder, like a compiled snippet does.
    private func interpreterSpec(
        _ interpreter: Toolchain.InterpreterCommand, folder: String, workingDirectory: String
    ) -> ProcessSpec {
        let main = (folder as NSString).appendingPathComponent(GeneratedProgram.mainFileName)
        let support = (folder as NSString).appendingPathComponent(GeneratedProgram.supportFileName)
        let command = interpreter.arguments(mainFile: main, otherFiles: [support])
        var environment = environment
        // After a trap the interpreter's own crash handler prints a stack dump of the
        // compiler; symbolizing it takes 0.3 s on an idle machine and many seconds on a
        // busy one, and Stepwise drops that dump anyway.
        environment["LLVM_DISABLE_SYMBOLIZATION"] = "1"
        for (name, value) in interpreter.environment {
            // Library paths are prepended, as the driver does, so the learner's own settings still apply after ours.
            if name.hasSuffix("LIBRARY_PATH"), let existing = environment[name], !existing.isEmpty {
                environment[name] = value + ":" + existing
            } else {
                environment[name] = value
            }
        }
        return ProcessSpec(
            executable: command[0], arguments: Array(command.dropFirst()), environment: environment,
            workingDirectory: workingDirectory)
    }
}
