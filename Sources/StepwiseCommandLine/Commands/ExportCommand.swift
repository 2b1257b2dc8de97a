import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// `stepwise export`: a lesson as a handout (Markdown or one self-contained HTML file) with the
/// real output of every snippet, produced by running them now.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a lesson as a handout with the real output of every snippet.",
        discussion: """
            Every snippet is run (and every steppable one stepped) as the handout is made, one at a time.
            A snippet that fails, hangs or floods is shown failing, as the tutor shows it, and the export
            goes on; the exit status is non-zero only when a handout could not be written.
            Without -o, one lesson goes to standard output; --all writes into ./handouts.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md
        case html

        var fileExtension: String { rawValue }
    }

    @OptionGroup var options: CommonOptions

    @Argument(help: "Lesson number, id, or a lesson file (.md).")
    var lesson: String?

    @Flag(name: .long, help: "Export every lesson, plus an index linking them.")
    var all = false

    @Option(name: .long, help: "md or html (default: from the -o file's extension, else md).")
    var format: Format?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The file to write; with --all, the folder.", valueName: "path"))
    var output: String?

    @Option(name: .long, help: "The most next() calls a stepping trace makes.")
    var stepCap = 20

    func validate() throws {
        if all && lesson != nil { throw ValidationError("give a lesson or --all, not both") }
        if !all && lesson == nil { throw ValidationError("which lesson? Give its number or id, or --all") }
        if stepCap < 1 { throw ValidationError("--step-cap must be at least 1") }
    }

    func run() async throws {
        let chosenFormat =
            format ?? (output.map { ["html", "htm"].contains(($0 as NSString).pathExtension.lowercased()) } == true ? .html : .md)
        let console = StandardConsole()
        let lessons = try loadLessons(console: console)
        let executor = LiveHandoutExecutor.locate(swiftOverride: options.swift, instrumenter: Instrumenter())
        let builder = HandoutBuilder(executor: executor, stepCallCap: stepCap)

        guard all else {
            let handout = await builder.build(lessons[0])
            let text = render(handout, chosenFormat)
            if let output {
                try write(text, to: output)
                console.error("wrote \(output)")
            } else {
                console.write(text)
            }
            return
        }
        let folder = output ?? "handouts"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportFailure("cannot create \(folder): \(error.localizedDescription)")
        }
        var entries: [HandoutIndex.Entry] = []
        for lesson in lessons {
            console.error("exporting \(lesson.file) …")
            let handout = await builder.build(lesson)
            let name = ((lesson.file as NSString).lastPathComponent as NSString).deletingPathExtension + "." + chosenFormat.fileExtension
            try write(render(handout, chosenFormat), to: (folder as NSString).appendingPathComponent(name))
            entries.append(HandoutIndex.Entry(title: lesson.title, summary: lesson.summary, link: name))
        }
        let index = HandoutIndex(title: "Stepwise handouts", entries: entries, producedWith: await executor.producedWith())
        let indexText = chosenFormat == .html ? HTMLHandoutRenderer().render(index) : MarkdownHandoutRenderer().render(index)
        let indexPath = (folder as NSString).appendingPathComponent("index." + chosenFormat.fileExtension)
        try write(indexText, to: indexPath)
        console.error("wrote \(entries.count) handouts and \(indexPath)")
    }

    private func render(_ handout: Handout, _ format: Format) -> String {
        switch format {
        case .md: MarkdownHandoutRenderer().render(handout)
        case .html: HTMLHandoutRenderer().render(handout)
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ExportFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The lessons to export: the one named, or all of them in order.
    private func loadLessons(console: StandardConsole) throws -> [Lesson] {
        if let lesson, lesson.hasSuffix(".md") {
            let catalog = LessonCatalog.load(files: [lesson], folder: (lesson as NSString).deletingLastPathComponent)
            for diagnostic in catalog.diagnostics { console.error(DiagnosticPrinter(usesColor: false).format(diagnostic)) }
            guard let only = catalog.lessons.first else { throw ExitCode(1) }
            return [only]
        }
        let (folder, _) = try options.lessonsFolder()
        let catalog = LessonCatalog.load(folder: folder)
        for diagnostic in catalog.diagnostics { console.error(DiagnosticPrinter(usesColor: false).format(diagnostic)) }
        guard let lesson else {
            guard !catalog.lessons.isEmpty else { throw CommandFailure("no usable lessons in \(folder)") }
            return catalog.lessons
        }
        guard let found = catalog.lesson(matching: lesson) else {
            throw CommandFailure("no lesson '\(lesson)'; `stepwise list` shows them")
        }
        return [found]
    }
}

/// A handout that could not be written: the one failure that makes `stepwise export` fail.
struct ExportFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
