import Foundation

/// The two commands the compiler driver runs to build a prompt entry's library, the frontend
/// and the linker, learnt once per toolchain so that each entry runs them itself.
///
/// `swiftc -emit-library` spends about as long again as the compile of a one-line entry in
/// itself and in the `clang` it links through (measured here: 0.45 s for the driver against
/// 0.2 s for its frontend and `ld` run directly, and 0.3 s for `swift file.swift`). The jobs
/// come from `swiftc -###` and `clang -###` on a probe module, with the probe's folder and name
/// turned into placeholders, and are tried once on the probe before they are kept.
struct EntryJobs: Codable, Sendable, Hashable {
    /// The frontend's arguments (its executable first), with ``folderMark`` and ``moduleMark``.
    var frontend: [String]
    /// The linker's arguments (its executable first), with the same placeholders.
    var linker: [String]

    static let folderMark = "@STEPWISE_FOLDER@"
    static let moduleMark = "@STEPWISE_MODULE@"
    static let probeModule = "StepwiseProbe"
    /// Changes when what is kept of the learnt jobs does, so an older record is learnt anew.
    static let recordFormat = "linker without the Swift libraries"

    /// The frontend command for `module`, whose source is `folder/module.swift`.
    func frontendCommand(module: String, folder: String) -> [String] {
        Self.filled(frontend, module: module, folder: folder)
    }

    /// The linker command that makes `folder/libmodule.so` from the frontend's object.
    func linkerCommand(module: String, folder: String) -> [String] {
        Self.filled(linker, module: module, folder: folder)
    }

    private static func filled(_ template: [String], module: String, folder: String) -> [String] {
        template.map { $0.replacingOccurrences(of: folderMark, with: folder).replacingOccurrences(of: moduleMark, with: module) }
    }

    /// The jobs for `toolchain`, from the cache or learnt now; nil when the driver's jobs are
    /// not what this expects (the caller then goes through the driver, as before).
    /// - Parameter arguments: the driver arguments for a module (name, folder, source, library).
    static func load(
        toolchain: Toolchain, cacheDirectory: String, arguments: (String, String, String, String) -> [String]
    ) async -> EntryJobs? {
        let probeArguments = arguments(moduleMark, folderMark, "\(folderMark)/\(moduleMark).swift", "\(folderMark)/lib\(moduleMark).so")
        let key = SHA256.hex(([toolchain.version, toolchain.swiftc, recordFormat] + probeArguments).joined(separator: "\u{0}")).prefix(16)
        let directory = (cacheDirectory as NSString).appendingPathComponent("live-host")
        let record = (directory as NSString).appendingPathComponent("entry-jobs-\(key).json")
        if let data = FileManager.default.contents(atPath: record), let known = try? JSONDecoder().decode(EntryJobs.self, from: data) {
            return known
        }
        guard let folder = try? ProgramFiles.makeTemporaryFolder(in: cacheDirectory, prefix: "probe") else { return nil }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let module = probeModule
        let source = "\(folder)/\(module).swift"
        guard (try? "public func stepwiseProbe() -> Int { 42 }\n".write(toFile: source, atomically: true, encoding: .utf8)) != nil,
            let jobs = await learn(
                toolchain: toolchain, arguments: arguments(module, folder, source, "\(folder)/lib\(module).so"), folder: folder),
            access("\(folder)/lib\(module).so", R_OK) == 0
        else { return nil }
        let kept = EntryJobs(frontend: placeholders(jobs.frontend, folder: folder), linker: placeholders(jobs.linker, folder: folder))
        // Kept by rename, so a reader never sees half a record.
        if let data = try? JSONEncoder().encode(kept),
            (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
        {
            let temporary = "\(folder)/jobs.json"
            if FileManager.default.createFile(atPath: temporary, contents: data) { _ = rename(temporary, record) }
        }
        return kept
    }

    /// Asks the driver for its jobs, runs them on the probe in `folder` and returns the
    /// frontend and linker commands that built it.
    private static func learn(toolchain: Toolchain, arguments: [String], folder: String) async -> (frontend: [String], linker: [String])? {
        guard let driverJobs = await printedJobs(toolchain.swiftc, ["-###"] + arguments, folder: folder), driverJobs.count == 3,
            driverJobs[0].count > 1, driverJobs[0][1] == "-frontend",
            (driverJobs[1].first as NSString?)?.lastPathComponent == "swift-autolink-extract",
            let clang = driverJobs[2].first
        else { return nil }
        // The driver's temporary files (the object and the autolink list) go in the folder.
        let jobs = driverJobs.map { $0.map { relocatingTemporaryFile($0, into: folder) } }
        for job in jobs.prefix(2) {
            guard await succeeds(job, folder: folder) else { return nil }
        }
        // clang expands the autolink list (`@file`) into `-l` options for the linker it runs.
        guard let linkerJobs = await printedJobs(clang, ["-###"] + jobs[2].dropFirst(), folder: folder),
            let linker = linkerJobs.last.map(withoutSwiftLibraries), await succeeds(linker, folder: folder)
        else { return nil }
        return (jobs[0], linker)
    }

    /// The linker job without its `-lswift...` options. An entry's library is only ever opened
    /// in the live program after the snippet's, which was linked by the driver and has brought
    /// every Swift library an entry of the direct path can use into the process (the caller
    /// sends an entry that imports anything more through the driver), and a shared library may
    /// leave symbols to the process that opens it. Searching those libraries was more than half
    /// of the link: 37 ms against 16 ms for a one-line entry, measured here with `ld.gold`.
    static func withoutSwiftLibraries(_ job: [String]) -> [String] {
        job.filter { !$0.hasPrefix("-lswift") }
    }

    /// A temporary path of the driver's (`/tmp/TemporaryDirectory.X/StepwiseProbe-1.o`) as the
    /// same kind of file in `folder` (`folder/StepwiseProbe.o`), keeping a leading `@`.
    private static func relocatingTemporaryFile(_ argument: String, into folder: String) -> String {
        let at = argument.hasPrefix("@") ? "@" : ""
        let path = String(argument.dropFirst(at.count))
        let name = (path as NSString).lastPathComponent
        guard path.hasPrefix("/"), !path.hasPrefix(folder), name.hasPrefix(probeModule + "-") else { return argument }
        return at + "\(folder)/\(probeModule).\((name as NSString).pathExtension)"
    }

    private static func placeholders(_ job: [String], folder: String) -> [String] {
        job.map { $0.replacingOccurrences(of: folder, with: folderMark).replacingOccurrences(of: probeModule, with: moduleMark) }
    }

    /// The commands a driver prints for `-###`, split into arguments (clang prints them on
    /// standard error, quoted; the Swift driver on standard output).
    private static func printedJobs(_ executable: String, _ arguments: [String], folder: String) async -> [[String]]? {
        guard
            let result = try? await ChildProcess.run(
                ProcessSpec(
                    executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment, workingDirectory: folder
                ),
                limits: RunLimits(wallClock: .seconds(120), memoryBytes: nil, sandbox: .off)),
            result.termination.isSuccess
        else { return nil }
        let jobs = result.lines.map(\.text).filter { $0.hasPrefix("/") || $0.hasPrefix(" \"/") || $0.hasPrefix("\"/") }
        return jobs.map { ShellWords.split(Substring($0.trimmingCharacters(in: .whitespaces))) }.filter { !$0.isEmpty }
    }

    private static func succeeds(_ job: [String], folder: String) async -> Bool {
        guard let executable = job.first,
            let result = try? await ChildProcess.run(
                ProcessSpec(
                    executable: executable, arguments: Array(job.dropFirst()), environment: ProcessInfo.processInfo.environment,
                    workingDirectory: folder),
                limits: RunLimits(wallClock: .seconds(120), memoryBytes: nil, sandbox: .off))
        else { return false }
        return result.termination.isSuccess
    }
}
