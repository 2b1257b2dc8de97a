import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compiled snippet binaries on disk, named by the SHA-256 of the program text,
/// the compiler's version and path, and the compiler flags.
///
/// Each entry is three files: `<key>` (the executable), `<key>.log` (the
/// compiler's output, so warnings are reported on cache hits too) and `<key>.sum`
/// (the entry's key and the SHA-256 of the other two, written by the compile). A compile
/// works in a private temporary folder inside the cache folder and installs by
/// `rename(2)`, which is atomic on one file system: a reader sees either no
/// entry or a complete one, and two processes compiling the same key each
/// install a complete binary (the last rename wins; both are identical).
/// Within one process, concurrent requests for the same key share one compile.
///
/// An entry is checked against its `.sum` before each use (hashed once per process while
/// the file stays the same inode, size and change time): one cut short by a full disk,
/// damaged, or renamed from another key is removed and compiled again, never run, so its
/// crash is never shown as the learner's. The folder itself must be the learner's alone
/// (``PrivateFolder``): nothing in it is used otherwise.
package actor SnippetCache {
    /// The outcome of compiling one program.
    struct CompileOutcome: Sendable {
        /// The installed executable, or nil when compiling failed.
        var executable: String?
        /// The compiler's output lines (errors, warnings, notes and their excerpts).
        var compilerOutput: [String]
        /// Set when the compiler could not be run at all, or was stopped.
        var failure: String?
        /// Whether the compiler was stopped at ``CompileLimits/time``: whatever it printed is
        /// not the whole story, and the message in `failure` is what the learner must see.
        var stoppedAtLimit = false
    }

    /// The folder holding the entries.
    package nonisolated let directory: String
    /// The first folder of `directory`'s path that Stepwise made and checks (see ``PrivateFolder``).
    nonisolated let checkedFrom: String
    /// Why there is no usable folder at all (no home directory), when that is so.
    nonisolated let unavailable: PrivateFolderError?
    /// The time and memory a compile may take; past them the compiler is stopped.
    package nonisolated let compileLimits: CompileLimits
    private nonisolated let verified = VerifiedEntries()
    /// How many times this instance has started the compiler (for tests and diagnostics).
    package private(set) var compileCount = 0

    private var inFlight: [String: Task<CompileOutcome, Never>] = [:]
    private var backgroundQueue: [(key: String, program: GeneratedProgram, toolchain: Toolchain)] = []
    private var backgroundWorker: Task<Void, Never>?
    private var sweptTemporaryFiles = false

    /// A cache in `directory` (created mode 0700 when first needed, and refused if it is not
    /// the learner's alone: see ``PrivateFolder``).
    package init(directory: String, checkedFrom: String? = nil, compileLimits: CompileLimits = CompileLimits()) {
        self.directory = directory
        self.checkedFrom = checkedFrom ?? directory
        self.compileLimits = compileLimits
        unavailable = nil
    }

    private init(unavailable: PrivateFolderError, compileLimits: CompileLimits) {
        directory = ""
        checkedFrom = ""
        self.compileLimits = compileLimits
        self.unavailable = unavailable
    }

    /// The cache in `$XDG_CACHE_HOME/stepwise/snippets` (else `~/.cache/stepwise/snippets`);
    /// `STEPWISE_COMPILE_SECONDS` sets the compile time limit.
    package static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> SnippetCache {
        let limits = CompileLimits(environment: environment)
        guard let root = CacheLocation.defaultRoot(environment: environment) else {
            return SnippetCache(
                unavailable: PrivateFolderError(path: "", purpose: CacheLocation.purpose, problem: .noHome(variable: "XDG_CACHE_HOME")),
                compileLimits: limits)
        }
        return SnippetCache(directory: CacheLocation.snippets(in: root), checkedFrom: root, compileLimits: limits)
    }

    /// ``directory``, made if needed, once it is known to be the learner's alone.
    /// - Throws: ``PrivateFolderError`` saying which folder was refused and what to do.
    package nonisolated func usableDirectory() throws(PrivateFolderError) -> String {
        if let unavailable { throw unavailable }
        if verified.folderChecked.withLock({ $0 }) { return directory }
        try PrivateFolder.ensure(directory, checkedFrom: checkedFrom, purpose: CacheLocation.purpose)
        verified.folderChecked.withLock { $0 = true }
        return directory
    }

    /// What this process has already checked: the folder, and entries by file identity.
    private final class VerifiedEntries: Sendable {
        let folderChecked = Mutex(false)
        let entries = Mutex<[String: CacheEntry.Verified]>([:])
    }

    static let compileFlags = ["-Onone"] + Toolchain.languageFlags

    /// The cache key of a program for a toolchain.
    ///
    /// Keys already worked out are kept for the process: a program is several kilobytes with its
    /// support code, and hashing it again took a millisecond of every cached run in a debug build.
    nonisolated func key(for program: GeneratedProgram, toolchain: Toolchain) -> String {
        let identity = program.cacheIdentity + "\u{0}" + toolchain.version + "\u{0}" + toolchain.swiftc
        if let known = Self.knownKeys.withLock({ $0[identity] }) { return known }
        var hasher = SHA256()
        hasher.update(program.cacheIdentity)
        hasher.update("\u{0}" + toolchain.version + "\u{0}" + toolchain.swiftc + "\u{0}")
        hasher.update(Self.compileFlags.joined(separator: " "))
        let key = hasher.hexDigest()
        Self.knownKeys.withLock { keys in
            if keys.count >= 1024 { keys.removeAll() }
            keys[identity] = key
        }
        return key
    }

    private static let knownKeys = Mutex<[String: String]>([:])

    nonisolated func executablePath(forKey key: String) -> String {
        (directory as NSString).appendingPathComponent(key)
    }

    /// The installed executable and its compiler output, if the program is cached and the
    /// entry matches its checksum. Never compiles.
    ///
    /// An entry that does not match is left where it is, not removed: it may be another
    /// process's install caught between its renames (two tutors, or `check` beside a detached
    /// compile of `run`), and removing it would take the executable from under the process that
    /// is about to start it. The compile that follows a miss installs over it, by rename.
    nonisolated func lookup(key: String) -> CompileOutcome? {
        guard (try? usableDirectory()) != nil else { return nil }
        let path = executablePath(forKey: key)
        guard access(path, X_OK) == 0 else { return nil }
        let known = verified.entries.withLock { $0[key] }
        switch CacheEntry.verify(key: key, executable: path, known: known) {
        case .valid(let entry):
            if known != entry { verified.entries.withLock { $0[key] = entry } }
            return CompileOutcome(executable: path, compilerOutput: Self.lines(entry.logText), failure: nil)
        case .invalid:
            verified.entries.withLock { $0[key] = nil }
            return nil
        }
    }

    /// Whether a compile for `key` is running in this process.
    func isCompiling(key: String) -> Bool {
        inFlight[key] != nil
    }

    /// The executable for `program`: from the cache, from a compile already in
    /// flight, or by compiling now.
    /// - Throws: `CancellationError` as soon as the caller is cancelled (Ctrl-C); the compile
    ///   goes on in the background, within its limits, for the next run.
    func executable(for program: GeneratedProgram, toolchain: Toolchain) async throws -> CompileOutcome {
        let key = key(for: program, toolchain: toolchain)
        if let cached = lookup(key: key) { return cached }
        return try await CancellableWait.value(of: compile(key: key, program: program, toolchain: toolchain))
    }

    /// Compiles `program` later, one background compile at a time (the machine
    /// may have two cores, and the learner's own runs must not wait behind a queue).
    func compileInBackground(_ program: GeneratedProgram, toolchain: Toolchain) {
        let key = key(for: program, toolchain: toolchain)
        guard (try? usableDirectory()) != nil, inFlight[key] == nil, lookup(key: key) == nil,
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
        let folder = try ProgramFiles.makeTemporaryFolder(in: try usableDirectory(), prefix: "detached-\(key.prefix(12))")
        try ProgramFiles.write(program, to: folder)
        let finalPath = executablePath(forKey: key)
        let quote = ChildProcess.shellQuoted
        let command =
            ([toolchain.swiftc] + Self.compileFlags + [GeneratedProgram.mainFileName, GeneratedProgram.supportFileName, "-o", "program"])
            .map(quote).joined(separator: " ")
        // The same install order as in-process compiles: log and checksum first, executable
        // last, all by rename. Nothing of this process is left to hash the result, so the
        // script does, with the system's sha256sum (shasum on macOS); without either the entry
        // has no checksum and is compiled again on its first use.
        let script =
            "h() { if command -v sha256sum >/dev/null 2>&1; then sha256sum \"$1\"; else shasum -a 256 \"$1\"; fi | cut -c1-64; }; "
            + "cd \(quote(folder)) && \(command) >program.log 2>&1 "
            + "&& { echo \(quote(CacheEntry.sumHeader)); echo \(quote("key " + key)); printf 'executable '; h program; printf 'log '; h program.log; } >program.sum "
            + "&& mv -f program.log \(quote(finalPath + ".log")) && mv -f program.sum \(quote(finalPath + ".sum")) "
            + "&& mv -f program \(quote(finalPath)); cd / && rm -rf \(quote(folder))"
        try ChildProcess.startDetached(
            script: script, environment: ProcessInfo.processInfo.environment,
            limits: RunLimits(
                wallClock: nil, cpuSeconds: Int(compileLimits.time.components.seconds), memoryBytes: compileLimits.memoryBytes,
                sandbox: .off))
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
        let directory: String
        do {
            directory = try usableDirectory()
        } catch {
            let failure = CompileOutcome(executable: nil, compilerOutput: [], failure: "\(error)")
            return Task { failure }
        }
        let sweep = !sweptTemporaryFiles
        sweptTemporaryFiles = true
        let limits = compileLimits
        let task = Task.detached(priority: .utility) {
            if sweep { Self.tidy(directory) }
            return await Self.compileAndInstall(key: key, program: program, toolchain: toolchain, directory: directory, limits: limits)
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
        key: String, program: GeneratedProgram, toolchain: Toolchain, directory: String, limits: CompileLimits
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
                limits: RunLimits(wallClock: limits.time, memoryBytes: limits.memoryBytes, sandbox: .off))
        } catch {
            return CompileOutcome(executable: nil, compilerOutput: [], failure: "\(error)")
        }
        let output = result.lines.map(\.text)
        guard result.termination.isSuccess else {
            let failure: String? =
                switch result.termination {
                case .exited: nil
                case .timedOut(let limit): CompileLimits.stoppedMessage(limit)
                default: "the compiler was \(result.termination.summary)"
                }
            var outcome = CompileOutcome(executable: nil, compilerOutput: output, failure: failure)
            if case .timedOut = result.termination { outcome.stoppedAtLimit = true }
            return outcome
        }
        let finalPath = (directory as NSString).appendingPathComponent(key)
        let built = (folder as NSString).appendingPathComponent("program")
        let log = (folder as NSString).appendingPathComponent("program.log")
        let sum = (folder as NSString).appendingPathComponent("program.sum")
        // The log and the checksum go first: the executable's presence is what marks an entry complete.
        let logData = Data(output.joined(separator: "\n").utf8)
        _ = FileManager.default.createFile(atPath: log, contents: logData)
        guard let executableData = FileManager.default.contents(atPath: built),
            FileManager.default.createFile(
                atPath: sum, contents: Data(CacheEntry.sum(key: key, executable: executableData, log: logData).utf8)),
            rename(log, finalPath + ".log") == 0, rename(sum, finalPath + ".sum") == 0, rename(built, finalPath) == 0
        else {
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
            CacheEntry.remove(executable: path)
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
                // A snippet interpreted from there may have left links: removed, never followed.
                ScratchFolder.remove(path)
            }
        }
    }

    static func lines(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
