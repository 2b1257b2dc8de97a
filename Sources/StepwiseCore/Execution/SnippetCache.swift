import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compiled snippet binaries on disk, named by the SHA-256 of the program text,
/// the compiler's version and path, and the compiler flags.
///
/// Each entry is two files: `<key>` (the executable) and `<key>.log` (the
/// compiler's output, so warnings are reported on cache hits too). A compile
/// works in a private temporary folder inside the cache folder and installs by
/// `rename(2)`, which is atomic on one file system: a reader sees either no
/// entry or a complete one, and two processes compiling the same key each
/// install a complete binary (the last rename wins; both are identical).
/// Within one process, concurrent requests for the same key share one compile.
package actor SnippetCache {
    /// The outcome of compiling one program.
    struct CompileOutcome: Sendable {
        /// The installed executable, or nil when compiling failed.
        var executable: String?
        /// The compiler's output lines (errors, warnings, notes and their excerpts).
        var compilerOutput: [String]
        /// Set when the compiler could not be run at all.
        var failure: String?
    }

    /// The folder holding the entries.
    package nonisolated let directory: String
    /// How many times this instance has started the compiler (for tests and diagnostics).
    package private(set) var compileCount = 0

    private var inFlight: [String: Task<CompileOutcome, Never>] = [:]
    private var backgroundQueue: [(key: String, program: GeneratedProgram, toolchain: Toolchain)] = []
    private var backgroundWorker: Task<Void, Never>?
    private var sweptTemporaryFiles = false

    /// A cache in `directory` (created when first needed).
    package init(directory: String) {
        self.directory = directory
    }

    /// The cache in `$XDG_CACHE_HOME/stepwise/snippets` (else `~/.cache/stepwise/snippets`).
    package static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> SnippetCache {
        let root =
            CacheLocation.defaultRoot(environment: environment) ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise")
        return SnippetCache(directory: CacheLocation.snippets(in: root))
    }

    static let compileFlags = ["-Onone"] + Toolchain.languageFlags

    /// The cache key of a program for a toolchain.
    nonisolated func key(for program: GeneratedProgram, toolchain: Toolchain) -> String {
        var hasher = SHA256()
        hasher.update(program.cacheIdentity)
        hasher.update("\u{0}" + toolchain.version + "\u{0}" + toolchain.swiftc + "\u{0}")
        hasher.update(Self.compileFlags.joined(separator: " "))
        return hasher.hexDigest()
    }

    nonisolated func executablePath(forKey key: String) -> String {
        (directory as NSString).appendingPathComponent(key)
    }

    /// The installed executable and its compiler output, if the program is cached. Never compiles.
    nonisolated func lookup(key: String) -> CompileOutcome? {
        let path = executablePath(forKey: key)
        guard access(path, X_OK) == 0 else { return nil }
        let log = FileManager.default.contents(atPath: path + ".log").map { String(decoding: $0, as: UTF8.self) } ?? ""
        return CompileOutcome(executable: path, compilerOutput: Self.lines(log), failure: nil)
    }

    /// Whether a compile for `key` is running in this process.
    func isCompiling(key: String) -> Bool {
        inFlight[key] != nil
    }

    /// The executable for `program`: from the cache, from a compile already in
    /// flight, or by compiling now.
    func executable(for program: GeneratedProgram, toolchain: Toolchain) async -> CompileOutcome {
        let key = key(for: program, toolchain: toolchain)
        if let cached = lookup(key: key) { return cached }
        return await compile(key: key, program: program, toolchain: toolchain).value
    }

    /// Compiles `program` later, one background compile at a time (the machine
    /// may have two cores, and the learner's own runs must not wait behind a queue).
    func compileInBackground(_ program: GeneratedProgram, toolchain: Toolchain) {
        let key = key(for: program, toolchain: toolchain)
        guard inFlight[key] == nil, lookup(key: key) == nil,
            !backgroundQueue.contains(where: { $0.key == key })
        else { return }
        backgroundQueue.append((key, program, toolchain))
        guard backgroundWorker == nil else { return }
        backgroundWorker = Task { await self.drainBackgroundQueue() }
    }

    /// Compiles `program` in a detached process that finishes (and installs the
    /// binary) even if this process exits first: for one-shot commands such as
    /// `stepwise run`, whose in-process background compile would die with them.
    /// Unlike ``compileInBackground(_:toolchain:)`` nothing waits for it, so
    /// ``waitForBackgroundCompiles()`` does not cover it.
    func compileDetached(_ program: GeneratedProgram, toolchain: Toolchain) throws {
        let key = key(for: program, toolchain: toolchain)
        guard inFlight[key] == nil, lookup(key: key) == nil else { return }
        compileCount += 1
        let folder = try ProgramFiles.makeTemporaryFolder(in: directory, prefix: "detached-\(key.prefix(12))")
        try ProgramFiles.write(program, to: folder)
        let finalPath = executablePath(forKey: key)
        let quote = ChildProcess.shellQuoted
        let command =
            ([toolchain.swiftc] + Self.compileFlags + [GeneratedProgram.mainFileName, GeneratedProgram.supportFileName, "-o", "program"])
            .map(quote).joined(separator: " ")
        // The same install order as in-process compiles: log first, executable last, both by rename.
        let script =
            "cd \(quote(folder)) && \(command) >program.log 2>&1 && mv -f program.log \(quote(finalPath + ".log")) "
            + "&& mv -f program \(quote(finalPath)); cd / && rm -rf \(quote(folder))"
        try ChildProcess.startDetached(
            script: script, environment: ProcessInfo.processInfo.environment,
            limits: RunLimits(wallClock: nil, cpuSeconds: 300, memoryBytes: nil, sandbox: .off))
    }

    /// Waits until every queued background compile has finished (for tests and for a clean exit).
    package func waitForBackgroundCompiles() async {
        while let worker = backgroundWorker {
            await worker.value
            if backgroundWorker == worker { backgroundWorker = nil }
        }
        for task in inFlight.values { _ = await task.value }
    }

    private func drainBackgroundQueue() async {
        while !backgroundQueue.isEmpty {
            let next = backgroundQueue.removeFirst()
            if lookup(key: next.key) != nil { continue }
            _ = await compile(key: next.key, program: next.program, toolchain: next.toolchain).value
        }
        backgroundWorker = nil
    }

    private func compile(key: String, program: GeneratedProgram, toolchain: Toolchain) -> Task<CompileOutcome, Never> {
        if let running = inFlight[key] { return running }
        compileCount += 1
        let directory = directory
        let sweep = !sweptTemporaryFiles
        sweptTemporaryFiles = true
        let task = Task.detached(priority: .utility) {
            if sweep { Self.tidy(directory) }
            return await Self.compileAndInstall(key: key, program: program, toolchain: toolchain, directory: directory)
        }
        inFlight[key] = task
        Task { await self.finished(key: key, task: task) }
        return task
    }

    private func finished(key: String, task: Task<CompileOutcome, Never>) async {
        _ = await task.value
        inFlight[key] = nil
    }

    // MARK: Compiling

    private static func compileAndInstall(
        key: String, program: GeneratedProgram, toolchain: Toolchain, directory: String
    ) async -> CompileOutcome {
        let folder: String
        do {
            folder = try ProgramFiles.makeTemporaryFolder(in: directory, prefix: "compile-\(key.prefix(12))")
        } catch {
            return CompileOutcome(executable: nil, compilerOutput: [], failure: "\(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try ProgramFiles.write(program, to: folder)
        } catch {
            return CompileOutcome(executable: nil, compilerOutput: [], failure: "\(error)")
        }
        let arguments =
            compileFlags + [GeneratedProgram.mainFileName, GeneratedProgram.supportFileName, "-o", "program"]
        let result: RunResult
        do {
            result = try await ChildProcess.run(
                ProcessSpec(
                    executable: toolchain.swiftc, arguments: arguments,
                    environment: ProcessInfo.processInfo.environment, workingDirectory: folder),
                limits: RunLimits(wallClock: .seconds(300), memoryBytes: nil, sandbox: .off))
        } catch {
            return CompileOutcome(executable: nil, compilerOutput: [], failure: "\(error)")
        }
        let output = result.lines.map(\.text)
        guard result.termination.isSuccess else {
            let failure: String? =
                switch result.termination {
                case .exited: nil
                default: "the compiler was \(result.termination.summary)"
                }
            return CompileOutcome(executable: nil, compilerOutput: output, failure: failure)
        }
        let finalPath = (directory as NSString).appendingPathComponent(key)
        let built = (folder as NSString).appendingPathComponent("program")
        let log = (folder as NSString).appendingPathComponent("program.log")
        // The log goes first: the executable's presence is what marks an entry complete.
        _ = FileManager.default.createFile(atPath: log, contents: Data(output.joined(separator: "\n").utf8))
        guard rename(log, finalPath + ".log") == 0, rename(built, finalPath) == 0 else {
            return CompileOutcome(
                executable: nil, compilerOutput: output,
                failure: "could not install the compiled snippet in \(directory): \(SystemErrors.describe(errno))")
        }
        return CompileOutcome(executable: finalPath, compilerOutput: output, failure: nil)
    }

    /// Entries beyond which the oldest are removed (each is a small executable, about 20 KB).
    static let maximumEntries = 2000

    /// Once per process, before its first compile: removes temporary folders of
    /// killed tutors, and the oldest entries when there are too many.
    private static func tidy(_ directory: String) {
        removeStaleTemporaryFolders(in: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let executables = names.filter { $0.count == 64 && !$0.hasSuffix(".log") }
        guard executables.count > maximumEntries else { return }
        let dated = executables.map { name -> (String, Date) in
            let path = (directory as NSString).appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            return (path, modified ?? .distantPast)
        }
        // Down to three quarters, so that this does not happen again on every start.
        for (path, _) in dated.sorted(by: { $0.1 < $1.1 }).prefix(executables.count - maximumEntries * 3 / 4) {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".log")
        }
    }

    /// Temporary folders older than an hour belong to tutors that were killed mid-compile.
    private static func removeStaleTemporaryFolders(in directory: String) {
        let temporary = (directory as NSString).appendingPathComponent("tmp")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary) else { return }
        let cutoff = Date().addingTimeInterval(-3600)
        for name in names {
            let path = (temporary as NSString).appendingPathComponent(name)
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                modified < cutoff
            {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    static func lines(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
