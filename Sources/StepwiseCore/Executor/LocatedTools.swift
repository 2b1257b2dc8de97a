import Foundation
import Synchronization

/// The Swift toolchain and python3, each located once per process and shared by every
/// executor made in it (tests make many; a `check` run, one): locating runs `swiftc
/// --version` and `python3 --version`, which costs a process each.
package actor LocatedTools {
    package struct Key: Hashable, Sendable {
        package var swiftOverride: String?
        package var path: String?
    }

    private static let shared = Memo()

    private final class Memo: Sendable {
        let tools = Mutex<[Key: LocatedTools]>([:])
    }

    private let key: Key
    private let environment: [String: String]
    private var toolchain: Result<Toolchain, ToolMissing>?
    private var python: Result<PythonRunner, ToolMissing>?

    private init(key: Key, environment: [String: String]) {
        self.key = key
        self.environment = environment
    }

    /// Tools decided in advance (a test with a toolchain of its own, or no python3); a nil
    /// one is located on first use.
    package init(
        swift: Result<Toolchain, ToolMissing>? = nil, python: Result<PythonRunner, ToolMissing>? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        key = Key(swiftOverride: nil, path: environment["PATH"])
        self.environment = environment
        toolchain = swift
        self.python = python
    }

    /// The tools for a `--swift` override and an environment (its `PATH` decides what is found).
    package static func shared(swiftOverride: String?, environment: [String: String]) -> LocatedTools {
        let key = Key(swiftOverride: swiftOverride, path: environment["PATH"])
        return shared.tools.withLock { tools in
            if let found = tools[key] { return found }
            let made = LocatedTools(key: key, environment: environment)
            tools[key] = made
            return made
        }
    }

    package func swift() async -> Result<Toolchain, ToolMissing> {
        if let toolchain { return toolchain }
        let found: Result<Toolchain, ToolMissing>
        do {
            found = .success(try await Toolchain.locate(override: key.swiftOverride, environment: environment))
        } catch {
            found = .failure(ToolMissing("\(error)"))
        }
        toolchain = found
        return found
    }

    package func python3() async -> Result<PythonRunner, ToolMissing> {
        if let python { return python }
        let found: Result<PythonRunner, ToolMissing>
        do {
            found = .success(try await PythonRunner.locate(environment: environment))
        } catch {
            found = .failure(ToolMissing("python3 3.11 or newer is not available (\(error))"))
        }
        python = found
        return found
    }
}
