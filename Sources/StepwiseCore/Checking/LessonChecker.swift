import Foundation

/// Runs every check of `stepwise check` over a set of lesson files and gathers one report.
///
/// Static checks (parsing, roles, front matter, ids, `step=` targets) always run. Dynamic
/// checks (compiling, running, stepping, Python, exercises) run when an engine is given; they
/// are independent jobs run in a task group at most `parallelism` wide, so snippets compile on
/// every core while a slow one never holds up the rest.
package struct LessonChecker: Sendable {
    package var engine: (any CheckEngine)?
    /// Reads a snippet's top-level variables for `step=` targets (a Swift parser Core does not link).
    package var declarations: any TopLevelDeclarationReader
    package var parallelism: Int
    /// Dynamic checks that passed before with the same inputs are not run again.
    package var passedCache: PassedCheckCache?

    package init(
        engine: (any CheckEngine)?, declarations: any TopLevelDeclarationReader,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.engine = engine
        self.declarations = declarations
        self.parallelism = max(1, parallelism)
    }

    /// Checks files and folders as given on the command line.
    package func check(paths: [String]) async throws(CheckError) -> CheckReport {
        let files = try LessonFiles.resolve(paths)
        guard !files.isEmpty else { throw .noLessonFiles(paths) }
        return await check(files: files)
    }

    /// Checks these lesson files (already resolved) as one set, so ids must be unique across them.
    package func check(files: [String]) async -> CheckReport {
        let catalog = LessonCatalog.load(files: files, folder: "")
        var diagnostics = catalog.diagnostics + ExplanationLessonsCheck.diagnostics(checking: files)
        var jobs: [CheckJob] = []
        var snippetCount = 0
        for lesson in catalog.lessons {
            for step in lesson.steps {
                for snippet in step.snippets {
                    diagnostics += StepTargetCheck.diagnostics(for: snippet, reader: declarations)
                }
                snippetCount += step.compiledBlockCount
                if let engine {
                    jobs += Self.dynamicJobs(for: step, engine: engine, declarations: declarations).map { cached($0) }
                }
            }
        }
        for found in await run(jobs) {
            diagnostics += found
        }
        return Self.report(
            files: files.map(LessonCatalog.displayPath), catalog: catalog, diagnostics: diagnostics, snippetCount: snippetCount)
    }

    /// A job that is skipped when it passed before with the same inputs, and remembered when it passes.
    func cached(_ job: KeyedCheckJob) -> CheckJob {
        guard let cache = passedCache else { return job.run }
        let key = cache.key(job.inputs)
        return {
            if cache.hasPassed(key) { return [] }
            let found = await job.run()
            if found.isEmpty { cache.recordPass(key) }
            return found
        }
    }

    /// One job per unit that compiles on its own; each job reports only its own findings.
    static func dynamicJobs(
        for step: Step, engine: any CheckEngine, declarations: any TopLevelDeclarationReader
    ) -> [KeyedCheckJob] {
        var jobs: [KeyedCheckJob] = []
        for snippet in step.snippets {
            // Compile, then run and step the same build: the engine's cache makes the later
            // calls cost a run, not a compile.
            let inputs: [String?] = [
                "snippet", snippet.block.code, snippet.expectedOutputs.map(\.code).joined(separator: "\u{0}"), snippet.expectedSteps?.code,
                snippet.options.stepTarget,
            ]
            jobs.append(
                KeyedCheckJob(inputs: inputs) {
                    let (found, compiled) = await SnippetCompilesCheck.check(snippet, engine: engine)
                    guard compiled else { return found }
                    let output = await ExpectedOutputCheck.check(snippet, engine: engine)
                    // A step= target the static check already rejected would only fail again here.
                    guard StepTargetCheck.diagnostics(for: snippet, reader: declarations).isEmpty else { return found + output }
                    return found + output + (await SteppingCheck.check(snippet, engine: engine))
                })
        }
        if let python = step.python, python.role == .python(.compare), let swift = step.snippets.first {
            let differences = step.differences
            jobs.append(
                KeyedCheckJob(inputs: ["python", python.code, swift.block.code, differences?.code]) {
                    await PythonEquivalenceCheck.check(python: python, swift: swift, differences: differences, engine: engine)
                })
        }
        for python in step.codeBlocks where python.role == .python(.program) {
            jobs.append(
                KeyedCheckJob(inputs: ["python program", python.code]) {
                    await PythonEquivalenceCheck.checkRuns(python: python, engine: engine)
                })
        }
        if let exercise = step.exercise {
            jobs.append(
                KeyedCheckJob(inputs: ["exercise", exercise.starter.code, exercise.checks?.code, exercise.solution?.code]) {
                    await ExerciseCheck.check(exercise, engine: engine)
                })
        }
        return jobs
    }

    /// Runs jobs at most `parallelism` at a time; results come back in job order.
    func run(_ jobs: [CheckJob]) async -> [[Diagnostic]] {
        await withTaskGroup(of: (Int, [Diagnostic]).self) { group in
            var results = [[Diagnostic]](repeating: [], count: jobs.count)
            var next = 0
            func startNext() {
                guard next < jobs.count else { return }
                let index = next
                let job = jobs[index]
                group.addTask { (index, await job()) }
                next += 1
            }
            for _ in 0..<parallelism { startNext() }
            while let (index, found) = await group.next() {
                results[index] = found
                startNext()
            }
            return results
        }
    }

    /// Groups diagnostics by file, in the order the files were given, each file's sorted by place.
    static func report(files: [String], catalog: LessonCatalog, diagnostics: [Diagnostic], snippetCount: Int) -> CheckReport {
        var byFile: [String: [Diagnostic]] = [:]
        var seen: Set<Diagnostic> = []
        for diagnostic in diagnostics where seen.insert(diagnostic).inserted {
            byFile[diagnostic.location.file, default: []].append(diagnostic)
        }
        let ids = Dictionary(catalog.lessons.map { ($0.file, $0.id) }, uniquingKeysWith: { first, _ in first })
        var orderedFiles = files
        orderedFiles += byFile.keys.filter { !files.contains($0) }.sorted()
        let lessons = orderedFiles.map { file in
            CheckReport.LessonResult(
                file: file,
                id: ids[file],
                diagnostics: (byFile[file] ?? []).enumerated()
                    .sorted {
                        ($0.element.location.line, $0.element.location.column, $0.offset) < (
                            $1.element.location.line, $1.element.location.column, $1.offset
                        )
                    }
                    .map(\.element)
            )
        }
        return CheckReport(lessons: lessons, snippetCount: snippetCount)
    }
}

/// One independent unit of dynamic checking.
typealias CheckJob = @Sendable () async -> [Diagnostic]

/// A check job with the text of every block it depends on, which is what makes it cacheable.
struct KeyedCheckJob: Sendable {
    var inputs: [String?]
    var run: CheckJob

    init(inputs: [String?], run: @escaping CheckJob) {
        self.inputs = inputs
        self.run = run
    }
}

extension Step {
    /// Swift blocks that `stepwise check` compiles: runnable snippets, exercise starters and solutions.
    var compiledBlockCount: Int {
        codeBlocks.count { block in
            guard case .swift(let options) = block.role else { return false }
            return options.kind == .runnable || options.kind == .exercise || options.kind == .solution
        }
    }
}
