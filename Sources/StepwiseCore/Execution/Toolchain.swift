import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The learner's Swift toolchain: where `swiftc` is and which version it is.
///
/// Locating it is cheap (a PATH search). Asking it for `--version` and for the
/// interpreter's command line costs about 100 ms, which would dominate a cached
/// run, so the answers are remembered on disk next to the snippet cache, keyed
/// by the compiler binary's identity (inode, size, modification time): a
/// reinstalled toolchain is asked again.
package struct Toolchain: Sendable, Hashable {
    /// The compiler driver.
    package let swiftc: String
    /// The `swift` driver next to `swiftc`, if there is one.
    package let swift: String?
    /// What `swiftc --version` printed, trimmed; part of every cache key.
    package let version: String
    /// How to run a program in the JIT interpreter without the driver's start-up
    /// cost, derived from `swift -###`; nil when that is not available.
    let interpreter: InterpreterCommand?

    /// The frontend command that `swift -###` reported for interpreting a file.
    struct InterpreterCommand: Sendable, Hashable, Codable {
        /// Arguments, with ``placeholder`` standing for the main file.
        var arguments: [String]
        /// Variables the driver sets for the frontend (such as `LD_LIBRARY_PATH`).
        var environment: [String: String]

        static let placeholder = "STEPWISE_MAIN_FILE.swift"

        /// The command for interpreting `mainFile` together with `otherFiles`.
        func arguments(mainFile: String, otherFiles: [String]) -> [String] {
            var result: [String] = []
            for argument in arguments {
                if argument == Self.placeholder {
                    result.append(mainFile)
                    result.append(contentsOf: otherFiles)
                } else {
                    result.append(argument)
                }
            }
            return result
        }
    }

    /// Flags shared by compiling and interpreting, so both see the same language.
    static let languageFlags = ["-swift-version", "6", "-module-name", "main", "-diagnostic-style", "llvm"]

    init(swiftc: String, swift: String?, version: String, interpreter: InterpreterCommand?) {
        self.swiftc = swiftc
        self.swift = swift
        self.version = version
        self.interpreter = interpreter
    }

    /// Finds the toolchain.
    ///
    /// Order: `override` (the `--swift PATH` option: a `swiftc`, a `swift`, or a
    /// toolchain folder), then `SWIFT_EXEC`, then `swiftc` on `PATH`.
    /// - Parameters:
    ///   - override: The `--swift` option's value, if given.
    ///   - environment: The environment to read `SWIFT_EXEC` and `PATH` from.
    ///   - stateDirectory: Where to remember version answers (normally the cache root); nil to always ask.
    /// - Throws: ``ToolchainError`` with installation advice.
    package static func locate(
        override: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        // The record names a command to run: read only from the learner's private cache.
        stateDirectory: String? = try? CacheLocation.privateRoot()
    ) async throws -> Toolchain {
        let swiftc = try findCompiler(override: override, environment: environment)
        let directory = (swiftc as NSString).deletingLastPathComponent
        let swiftCandidate = (directory as NSString).appendingPathComponent("swift")
        let swift = access(swiftCandidate, X_OK) == 0 ? swiftCandidate : nil

        let fingerprint = Self.fingerprint(of: swiftc)
        let recordPath = stateDirectory.map {
            ($0 as NSString).appendingPathComponent("toolchains/\(SHA256.hex(swiftc)).json")
        }
        if let recordPath, let fingerprint, let record = Record.load(from: recordPath), record.fingerprint == fingerprint,
            record.interpreter.map({ isBeside(swiftc, $0) }) ?? true
        {
            return Toolchain(swiftc: swiftc, swift: swift, version: record.version, interpreter: record.interpreter)
        }

        // Both questions at once: on a first start they are most of the wait.
        async let askedInterpreter = askInterpreterCommand(swift, environment: environment)
        let version = try await askVersion(swiftc, environment: environment)
        let interpreter = await askedInterpreter
        if let recordPath, let fingerprint {
            Record(fingerprint: fingerprint, version: version, interpreter: interpreter).save(to: recordPath)
        }
        return Toolchain(swiftc: swiftc, swift: swift, version: version, interpreter: interpreter)
    }

    /// Whether a remembered interpreter command starts a program in `swiftc`'s own folder (after
    /// links), as the driver's answer does: the record names a command Stepwise runs, so one
    /// that points anywhere else is not taken from the file, and the driver is asked again.
    static func isBeside(_ swiftc: String, _ interpreter: InterpreterCommand) -> Bool {
        guard let program = interpreter.arguments.first, isExecutableFile(program) else { return false }
        func folder(_ path: String) -> String {
            URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().path
        }
        return folder(program) == folder(swiftc)
    }

    // MARK: Finding the compiler

    static func findCompiler(override: String?, environment: [String: String]) throws -> String {
        if let override {
            guard let path = compiler(at: override) else {
                throw ToolchainError.overrideNotUsable(path: override, origin: "--swift")
            }
            return path
        }
        if let exec = environment["SWIFT_EXEC"], !exec.isEmpty {
            guard let path = compiler(at: exec) else {
                throw ToolchainError.overrideNotUsable(path: exec, origin: "SWIFT_EXEC")
            }
            return path
        }
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for directory in directories {
            let candidate = (directory as NSString).appendingPathComponent("swiftc")
            if isExecutableFile(candidate) { return candidate }
        }
        throw ToolchainError.notFound(searched: directories)
    }

    /// The `swiftc` that `path` designates: itself, its sibling (for `swift`), or inside a toolchain folder.
    static func compiler(at path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            for relative in ["swiftc", "bin/swiftc", "usr/bin/swiftc"] {
                let candidate = (path as NSString).appendingPathComponent(relative)
                if isExecutableFile(candidate) { return candidate }
            }
            return nil
        }
        if (path as NSString).lastPathComponent == "swift" {
            let sibling = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("swiftc")
            if isExecutableFile(sibling) { return sibling }
        }
        return isExecutableFile(path) ? path : nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// Identity of the compiler binary (after symlinks): changes when the toolchain is replaced.
    static func fingerprint(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        let modified = info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec
        #else
        let modified = info.st_mtimespec.tv_sec * 1_000_000_000 + info.st_mtimespec.tv_nsec
        #endif
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified)"
    }

    // MARK: Asking the compiler

    static func askVersion(_ swiftc: String, environment: [String: String]) async throws -> String {
        let result: RunResult
        do {
            result = try await ChildProcess.run(
                ProcessSpec(executable: swiftc, arguments: ["--version"], environment: environment),
                limits: RunLimits(wallClock: .seconds(30), memoryBytes: nil, sandbox: .off))
        } catch {
            throw ToolchainError.versionUnreadable(swiftc: swiftc, output: "\(error)")
        }
        let output = result.combinedText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.termination.isSuccess, let versionRange = output.firstRange(of: "Swift version ") else {
            throw ToolchainError.versionUnreadable(swiftc: swiftc, output: output)
        }
        let number = output[versionRange.upperBound...].prefix { $0.isNumber || $0 == "." }
        if let major = Int(number.split(separator: ".").first ?? ""), major < 6 {
            throw ToolchainError.tooOld(swiftc: swiftc, version: "Swift \(number)")
        }
        return output
    }

    /// Asks the `swift` driver how it would interpret a file (`swift -###`).
    /// Returns nil if the answer does not look like a frontend `-interpret` job;
    /// the runner then compiles instead.
    static func askInterpreterCommand(_ swift: String?, environment: [String: String]) async -> InterpreterCommand? {
        guard let swift else { return nil }
        let result = try? await ChildProcess.run(
            ProcessSpec(
                executable: swift,
                arguments: ["-###"] + languageFlags + [InterpreterCommand.placeholder],
                environment: environment),
            limits: RunLimits(wallClock: .seconds(30), memoryBytes: nil, sandbox: .off))
        guard let result, result.termination.isSuccess else { return nil }
        let jobs = result.lines.filter { $0.stream == .stdout && !$0.text.isEmpty }
        // A single job is expected; more (or none) means a driver we do not understand.
        guard jobs.count == 1, let line = jobs.first?.text else { return nil }
        return parseInterpreterJob(line)
    }

    /// Parses one job line such as
    /// `/usr/bin/swift-frontend -frontend -interpret F.swift ... # ProcessEnvironmentKey(value: "LD_LIBRARY_PATH")=/usr/lib/swift/linux`.
    static func parseInterpreterJob(_ line: String) -> InterpreterCommand? {
        var commandPart = Substring(line)
        var environmentPart: Substring = ""
        if let hash = line.firstRange(of: " # ") {
            commandPart = line[..<hash.lowerBound]
            environmentPart = line[hash.upperBound...]
        }
        let arguments = ShellWords.split(commandPart)
        guard arguments.count > 3, arguments.contains("-frontend"), arguments.contains("-interpret"),
            arguments.filter({ $0 == InterpreterCommand.placeholder }).count == 1,
            isExecutableFile(arguments[0])
        else { return nil }
        return InterpreterCommand(arguments: arguments, environment: parseJobEnvironment(environmentPart))
    }

    /// Reads `ProcessEnvironmentKey(value: "NAME")=VALUE` (newer drivers) or `NAME=VALUE` pairs.
    static func parseJobEnvironment(_ text: Substring) -> [String: String] {
        var environment: [String: String] = [:]
        let keyPrefix = "ProcessEnvironmentKey(value: \""
        if text.contains(keyPrefix) {
            let entries = text.split(separator: keyPrefix).map { $0 }
            for entry in entries {
                guard let close = entry.firstRange(of: "\")=") else { continue }
                let name = String(entry[..<close.lowerBound])
                let value = entry[close.upperBound...].trimmingCharacters(in: .whitespaces)
                environment[name] = value
            }
        } else {
            for word in ShellWords.split(text) {
                guard let equals = word.firstIndex(of: "=") else { continue }
                environment[String(word[..<equals])] = String(word[word.index(after: equals)...])
            }
        }
        return environment
    }

    // MARK: Remembering answers

    private struct Record: Codable {
        var fingerprint: String
        var version: String
        var interpreter: InterpreterCommand?

        static func load(from path: String) -> Record? {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return try? JSONDecoder().decode(Record.self, from: data)
        }

        /// Best effort: without the record the next start simply asks again.
        func save(to path: String) {
            guard let data = try? JSONEncoder().encode(self) else { return }
            let directory = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }
}
