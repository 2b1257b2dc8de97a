import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// `stepwise present <lesson>`: a lesson on a projector, one step per full screen, everything
/// run live. Nothing is saved: presenting never touches anyone's learning progress.
struct PresentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "present",
        abstract: "Present a lesson to a class: one step per screen, snippets run live.",
        discussion: """
            Keys: →/Space/Enter next step, ←/Backspace back, r run, s step (then Enter calls next()), \
            p the Python original (r there runs it), h the next hint, o the solution, d the differences \
            from the Python, ↑↓ PgUp/PgDn scroll, q quit. Ctrl-C stops a run, or quits when nothing runs.
            When input or output is not a terminal, the lesson is shown line by line instead.
            """
    )

    @OptionGroup var options: CommonOptions

    @Argument(help: "Lesson number (as in `stepwise list`) or id.")
    var lesson: String

    @Option(name: .long, help: "Start at this step (1-based).")
    var step: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Slideshow: run each step, wait this long after its output ends, go on; loops. Any key pauses, a resumes.", valueName: "seconds"
        ))
    var auto: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Colours: dark or light (each paints its own background), or mono (bold and underline only; implied by NO_COLOR and --no-color).",
            valueName: "dark|light|mono"))
    var theme: String = PresenterTheme.dark.rawValue

    func validate() throws {
        guard PresenterTheme(rawValue: theme) != nil else {
            throw ValidationError("--theme must be dark, light or mono, not '\(theme)'")
        }
        if let auto, !(auto >= 0 && auto <= 3600) {
            throw ValidationError("--auto takes seconds between 0 and 3600")
        }
        if let step, step < 1 { throw ValidationError("--step counts from 1") }
    }

    func run() async throws {
        var launcher = SessionLauncher(options: options)
        launcher.isPresenting = true
        let context = try launcher.prepare()
        let place = try launcher.locate(lesson, step: step, in: context)
        guard context.capabilities.isInteractive else {
            try await presentLineByLine(launcher, context: context, place: place)
            return
        }
        let chosen = PresenterTheme(rawValue: theme) ?? .dark
        let colorless = !context.capabilities.usesColor
        let lesson = context.catalog.lessons[place.lesson]
        // Located before the screen switches, so a missing toolchain is explained in the footer.
        let executor = LiveLessonExecutor.standard(
            swiftOverride: options.swift, policy: .interactive, environment: launcher.environment,
            instrumenter: Instrumenter())
        SandboxNotice.sayOnce()
        _ = await executor.swiftVersion()
        let terminal = try RawTerminal()
        defer { terminal.restore() }
        // A closed terminal or SIGTERM must end a running snippet too: it is in a session of its own.
        HangupHandler.install(restoreTerminal: { RawTerminal.restoreNow() })
        let presentation = Presentation(
            lesson: lesson, startAt: place.step, terminal: terminal, theme: colorless ? .mono : chosen,
            autoDelay: auto.map { .milliseconds(Int($0 * 1000)) }, executor: executor)
        await presentation.run()
    }

    /// A pipe or a dumb terminal gets the tutor's line-based session: no escape codes to garble
    /// a log, and a script can still drive it (`printf '\n\nquit\n' | stepwise present 1`).
    func presentLineByLine(_ launcher: SessionLauncher, context: SessionLauncher.Context, place: (lesson: Int, step: Int)) async throws {
        if auto != nil {
            launcher.console.error("note: --auto needs a terminal; showing the lesson line by line.")
        }
        let session = launcher.session(context)
        session.configure { state in
            state.savesProgress = false
            state.clearsScreenPerStep = true
        }
        await session.open(lesson: place.lesson, step: place.step)
        await session.run()
    }
}
