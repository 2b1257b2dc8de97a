/// Turns a Swift program's raw run into what the learner should see.
///
/// - Lines on standard error before the program's `started` message are compiler
///   output (only when the interpreter compiled the program in the same process).
/// - Times are rebased so that 0 is the program's first statement, not the
///   process spawn: a timeline then looks the same whether the program was
///   interpreted (which compiles first) or run from the cache.
/// - After a trap, the runtime's and the interpreter's stack dumps are dropped,
///   and the crash line's program line number becomes the snippet's visible line.
enum SwiftRunOutput {
    struct Processed {
        var result: RunResult
        /// Whether the program's first statement ran.
        var started: Bool
        /// Standard-error lines written before the program started (compiler output).
        var compilerOutput: [String]
    }

    /// - Parameter interpreted: Whether the compiler ran in the same process, so that
    ///   standard error before `started` is compiler output.
    static func process(_ raw: RunResult, program: GeneratedProgram, interpreted: Bool) -> Processed {
        let start = raw.controlMessages.first { $0.message == .started }
        let origin = start?.elapsed ?? .zero
        var compilerOutput: [String] = []
        var lines: [TimedLine] = []
        // removedBefore[i]: how many of the first i raw lines went to compiler output.
        var removedBefore: [Int] = [0]
        for (index, line) in raw.lines.enumerated() {
            let isCompilerOutput = interpreted && line.stream == .stderr && index < (start?.lineIndex ?? Int.max)
            if isCompilerOutput {
                compilerOutput.append(line.text)
            } else {
                var rebased = line
                rebased.elapsed = max(.zero, line.elapsed - origin)
                lines.append(rebased)
            }
            removedBefore.append(removedBefore[index] + (isCompilerOutput ? 1 : 0))
        }
        var result = raw
        // The total is the program's own time too, not the interpreter's compile before it.
        result.wallTime = max(.zero, raw.wallTime - origin)
        result.controlMessages = raw.controlMessages.compactMap { message in
            guard message.message != .started else { return nil }
            var moved = message
            moved.lineIndex = message.lineIndex - removedBefore[min(message.lineIndex, removedBefore.count - 1)]
            moved.elapsed = max(.zero, message.elapsed - origin)
            return moved
        }
        result.lines = trimCrashNoise(lines, termination: raw.termination, program: program)
        // A top-level `throw` ends the program through a runtime trap, but it is the program's
        // own way out, as an uncaught exception is in Python: an exit status, not a crash.
        if case .signalled = raw.termination,
            result.lines.contains(where: { $0.stream == .stderr && $0.text.hasPrefix(RuntimeCrash.uncaughtPrefix) })
        {
            result.termination = .exited(1)
        }
        result.taskTrace = taskTrace(result.controlMessages, total: result.wallTime, program: program)
        return Processed(result: result, started: start != nil, compilerOutput: compilerOutput)
    }

    /// The recorder's batches on the run's clock, or nil when the program sent none.
    static func taskTrace(_ messages: [ReceivedControl], total: Duration, program: GeneratedProgram) -> TaskTrace? {
        var events: [TraceEvent] = []
        for received in messages {
            guard case .trace(let batch) = received.message else { continue }
            events += batch.map { $0.shifted(by: received.elapsed) }
        }
        guard !events.isEmpty else { return nil }
        let source = program.segments[ProgramFactory.snippetFile]?.source
        return TaskTrace(events: events, total: total) { source?.visibleLine(forProgramLine: $0) }
    }

    /// Drops stack dumps after a trap and rewrites the crash location into snippet numbering.
    static func trimCrashNoise(_ lines: [TimedLine], termination: Termination, program: GeneratedProgram) -> [TimedLine] {
        guard case .signalled = termination else { return lines }
        var output: [TimedLine] = []
        var dropping = false
        for line in lines {
            if line.stream == .stderr {
                if dropping { continue }
                if var crash = RuntimeCrash.parse(line.text) {
                    var rewritten = line
                    if let error = RuntimeCrash.uncaughtError(in: crash) {
                        // The runtime's wording names the standard library's file and the type's
                        // mangled context; the learner threw something and nothing caught it.
                        rewritten.text = RuntimeCrash.uncaughtPrefix + error
                        output.append(rewritten)
                        dropping = true
                        continue
                    }
                    if let file = crash.file, let number = crash.line, let place = snippetPlace(file: file, line: number, program: program)
                    {
                        crash.file = place.file
                        crash.line = place.line
                        let kindStart = line.text.firstRange(of: crash.kind)?.lowerBound ?? line.text.startIndex
                        rewritten.text = "\(place.file):\(place.line): " + line.text[kindStart...]
                    }
                    output.append(rewritten)
                    dropping = true
                    continue
                }
                if isTraceStart(line.text) {
                    dropping = true
                    continue
                }
            }
            output.append(line)
        }
        return output
    }

    /// `main/snippet.swift` line 6 → `snippet.swift` visible line 4 (or `hidden setup` line 6).
    static func snippetPlace(file: String, line: Int, program: GeneratedProgram) -> (file: String, line: Int)? {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        guard program.segments[name] != nil else { return nil }
        let place = program.locate(file: name, line: line, byteColumn: 0)
        switch place.region {
        case .snippet: return (name, place.line)
        case .hiddenSetup: return ("hidden setup", place.line)
        case .checks, .entry: return (name, place.line)
        case .generated: return nil
        }
    }

    static func isTraceStart(_ text: String) -> Bool {
        if text.hasPrefix("Stack dump:") || text.hasPrefix("Current stack trace:") || text.hasPrefix("PLEASE submit") {
            return true
        }
        if text.hasPrefix("*** Signal") || text.hasPrefix("*** Program crashed") { return true }
        // LLVM's " #0 0x0000..." frames.
        let trimmed = text.drop { $0 == " " }
        if trimmed.hasPrefix("#0 0x") { return true }
        return false
    }
}
