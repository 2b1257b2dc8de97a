import Foundation

/// The built `stepwise` executable, run as a user would run it.
struct StepwiseBinary {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    enum LookupError: Error, CustomStringConvertible {
        case notBuilt(searched: [String])

        var description: String {
            switch self {
            case .notBuilt(let searched): "no built stepwise executable in \(searched.joined(separator: ", ")); run swift build first"
            }
        }
    }

    let path: String

    /// One snippet cache for every end-to-end run, so tests never touch the user's cache
    /// while later runs in the same test process still find earlier builds.
    static let cacheHome = NSTemporaryDirectory() + "stepwise-e2e-cache-\(UUID().uuidString)"

    /// The executable sits in the build folder beside the test bundle (`.build/debug/`).
    init() throws {
        var folders = [URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().path]
        folders += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }.map { $0.deletingLastPathComponent().path }
        guard let found = folders.map({ $0 + "/stepwise" }).first(where: FileManager.default.isExecutableFile) else {
            throw LookupError.notBuilt(searched: folders)
        }
        path = found
    }

    /// Runs with output captured in files, so a chatty child can never block on a full pipe.
    func run(_ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:]) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = Self.cacheHome
        environment.merge(extra) { _, new in new }
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let status = await process.exitStatus()
        return Result(
            status: status,
            standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}
