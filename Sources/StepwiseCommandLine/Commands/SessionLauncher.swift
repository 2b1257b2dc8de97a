import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// Builds a session from the command-line options: lessons, progress, input and output.
struct SessionLauncher {
    let options: CommonOptions
    /// `stepwise present`: nobody's progress is read or written (a projector must not touch the
    /// teacher's own learning progress).
    var isPresenting = false
    let console = StandardConsole()
    let environment = ProcessInfo.processInfo.environment

    struct Context {
        var catalog: LessonCatalog
        var store: ProgressStore
        var progress: LearnerProgress
        var paths: StatePaths
        var isBuiltIn: Bool
        var capabilities: TerminalCapabilities
    }

    /// Loads lessons and progress, reporting broken lessons and a corrupt progress file without stopping.
    func prepare() throws -> Context {
        let (folder, isBuiltIn) = try options.lessonsFolder()
        let catalog = LessonCatalog.load(folder: folder)
        for diagnostic in catalog.diagnostics {
            console.error(DiagnosticPrinter(usesColor: false).format(diagnostic))
        }
        guard !catalog.lessons.isEmpty else {
            throw CommandFailure("no usable lessons in \(folder)")
        }
        let paths = StatePaths(environment: environment)
        do {
            // Refused folders stop the session before anything is read from them or run.
            if !isPresenting { try paths.ensurePrivate() }
            _ = try CacheLocation.privateRoot(environment: environment)
        } catch  where error.isRefusal {
            // Not a usage mistake: the message says what to do, without the usage text.
            console.error("stepwise: \(error)")
            throw ExitCode(1)
        } catch {
            // A file where a folder should be: the session goes on, and each failed save says so.
        }
        let store = ProgressStore(path: paths.progressFile(forLessons: folder, builtIn: isBuiltIn))
        var (progress, result) = isPresenting ? (LearnerProgress(), .fresh) : store.load()
        // A version-1 file counted steps by position: map them to keys against these lessons
        // now, before the learner moves and anything is saved.
        progress.migratePositions(using: catalog)
        if case .recovered(let movedTo, let reason) = result {
            console.error("warning: your progress file could not be used (\(reason)); it was moved to \(movedTo) and you start fresh.")
        }
        let capabilities = TerminalCapabilities.detect(environment: environment, forceNoColor: options.noColor)
        return Context(catalog: catalog, store: store, progress: progress, paths: paths, isBuiltIn: isBuiltIn, capabilities: capabilities)
    }

    func makeReader(_ context: Context) -> LineReader {
        if context.capabilities.isInteractive {
            try? FileManager.default.createDirectory(atPath: context.paths.root, withIntermediateDirectories: true)
            if let reader = EditLineReader(historyFile: context.paths.historyFile) { return reader }
        }
        let console = console
        return PipedLineReader(echoesPrompt: true) { console.write($0) }
    }

    /// The index of the lesson a learner named (number, id or id prefix), and the step to open:
    /// the one asked for (1-based), else where they last were in it.
    func locate(_ query: String, step: Int?, in context: Context) throws -> (lesson: Int, step: Int) {
        guard let index = context.catalog.index(matching: query) else {
            throw CommandFailure("no lesson '\(query)'; `stepwise list` shows them")
        }
        return (index, step.map { $0 - 1 } ?? context.progress.stepIndex(in: context.catalog.lessons[index]))
    }

    /// The tutor for a prepared context: its state, and the loop that performs what it asks.
    func session(_ context: Context) -> TutorLoop {
        HangupHandler.install()
        var interrupts: InterruptHandler?
        if context.capabilities.isInteractive {
            interrupts = InterruptHandler()
            interrupts?.install()
        }
        var executor = LiveLessonExecutor.standard(
            swiftOverride: options.swift, policy: .interactive, environment: environment, instrumenter: Instrumenter())
        // The prompt keeps one live program per step, reading entries with swift-syntax.
        executor.entryReader = EntrySyntaxReader()
        SandboxNotice.sayOnce()
        let loop = TutorLoop(
            state: TutorState(catalog: context.catalog, progress: context.progress, capabilities: context.capabilities),
            executor: executor,
            reader: makeReader(context),
            console: console,
            store: context.store,
            copies: LearnerCopies(folder: context.paths.editsFolder(forLessons: context.catalog.folder, builtIn: context.isBuiltIn)),
            interrupts: interrupts,
            environment: environment
        )
        if context.capabilities.isInteractive {
            let environment = environment
            loop.currentWidth = { TerminalCapabilities.currentWidth(environment: environment, isTTY: true) }
            // STEPWISE_PAGER=off prints tall steps whole, for a terminal with its own scrollback habits.
            if environment["STEPWISE_PAGER"] != "off" {
                loop.paging = PagingTerminal(rows: { TerminalSize.current()?.rows }, nextKey: { KeyPress.next() })
            }
        }
        return loop
    }
}
