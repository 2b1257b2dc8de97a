import Foundation

/// Compiles the live program's host (``LiveHostCode``) once per toolchain into the cache.
enum LiveHostBuild {
    /// The host's path, compiling it first if the cache has none.
    static func executable(toolchain: Toolchain, cacheDirectory: String) async -> Result<String, ToolMissing> {
        let key = String(SHA256.hex(toolchain.version + "\u{0}" + toolchain.swiftc + "\u{0}" + LiveHostCode.source).prefix(16))
        let directory = (cacheDirectory as NSString).appendingPathComponent("live-host")
        let path = (directory as NSString).appendingPathComponent("host-\(key)")
        if access(path, X_OK) == 0 { return .success(path) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let folder = try ProgramFiles.makeTemporaryFolder(in: cacheDirectory, prefix: "host")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let source = (folder as NSString).appendingPathComponent("main.swift")
            try LiveHostCode.source.write(toFile: source, atomically: true, encoding: .utf8)
            let result = try await ChildProcess.run(
                ProcessSpec(
                    executable: toolchain.swiftc, arguments: ["-swift-version", "6", "-O", source, "-o", "host"],
                    environment: ProcessInfo.processInfo.environment, workingDirectory: folder),
                limits: RunLimits(wallClock: .seconds(300), memoryBytes: nil, sandbox: .off))
            guard result.termination.isSuccess else {
                return .failure(ToolMissing("The live program's host did not compile: \(result.combinedText)"))
            }
            // Installed by rename, so a host in the cache is always a whole one.
            guard rename((folder as NSString).appendingPathComponent("host"), path) == 0 else {
                return .failure(ToolMissing("Stepwise could not install the live program's host at \(path)"))
            }
            return .success(path)
        } catch {
            return .failure(ToolMissing("Stepwise could not build the live program's host: \(error)"))
        }
    }
}
