import Foundation
import Testing

@testable import StepwiseCore

/// A cache entry is run only if it matches the checksum its compile wrote: a truncated,
/// changed, renamed or unsummed entry is compiled again, never run, never blamed on the learner.
@Suite(.tags(.compiler)) struct CacheIntegrityTests {
    func compiled(_ text: String) async throws -> (runner: SnippetRunner, path: String) {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        #expect(ExecutionTestSupport.texts(try await runner.run(SnippetSource(text))).first == text.split(separator: "\"")[1].description)
        let key = runner.cache.key(for: ProgramFactory.plain(SnippetSource(text)), toolchain: runner.toolchain)
        return (runner, runner.cache.executablePath(forKey: key))
    }

    @Test func aCompileWritesAChecksumThatAFreshProcessAccepts() async throws {
        let (runner, path) = try await compiled("print(\"summed\")")
        let sum = try String(contentsOfFile: path + ".sum", encoding: .utf8)
        #expect(sum.hasPrefix(CacheEntry.sumHeader + "\nkey " + (path as NSString).lastPathComponent + "\nexecutable "))
        // Another cache object knows nothing of this process's checks: it hashes the file.
        let other = SnippetCache(directory: runner.cache.directory)
        #expect(other.lookup(key: (path as NSString).lastPathComponent)?.executable == path)
    }

    @Test func aTruncatedEntryIsCompiledAgainNotRunAsACrash() async throws {
        let (runner, path) = try await compiled("print(\"whole\")")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(truncate(path, info.st_size / 2) == 0)
        let outcome = try await runner.run(SnippetSource("print(\"whole\")"))
        #expect(ExecutionTestSupport.texts(outcome) == ["whole"])
        if case .ran(let result, _) = outcome { #expect(result.termination == .exited(0)) }
        #expect(await runner.cache.compileCount == 2)
    }

    @Test func anEntryRenamedFromAnotherKeyIsNotRun() async throws {
        let (runner, poisoned) = try await compiled("print(\"POISONED\")")
        let genuine = SnippetSource("print(\"genuine\")")
        let key = runner.cache.key(for: ProgramFactory.plain(genuine), toolchain: runner.toolchain)
        let target = runner.cache.executablePath(forKey: key)
        for suffix in ["", ".log", ".sum"] { #expect(rename(poisoned + suffix, target + suffix) == 0) }
        #expect(ExecutionTestSupport.texts(try await runner.run(genuine)) == ["genuine"])
    }

    @Test func aChangedExecutableOrAMissingChecksumIsCompiledAgain() async throws {
        let (runner, path) = try await compiled("print(\"checked\")")
        // Same size, one byte changed, written in place: the change time moves, so it is hashed again.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 200)
        try handle.write(contentsOf: Data([0x90]))
        try handle.close()
        #expect(runner.cache.lookup(key: (path as NSString).lastPathComponent) == nil)
        #expect(ExecutionTestSupport.texts(try await runner.run(SnippetSource("print(\"checked\")"))) == ["checked"])
        #expect(await runner.cache.compileCount == 2)
        #expect(runner.cache.lookup(key: (path as NSString).lastPathComponent)?.executable == path, "the compile installed over it")
        #expect(unlink(path + ".sum") == 0)
        #expect(runner.cache.lookup(key: (path as NSString).lastPathComponent) == nil)
    }

    /// Another process's install is three renames; a lookup between them sees an entry that does
    /// not match. It must not remove the executable that the installing process is about to run.
    @Test func aLookupBetweenAnotherProcesssRenamesLeavesTheEntryInPlace() async throws {
        let (runner, path) = try await compiled("print(\"installing\")")
        let key = (path as NSString).lastPathComponent
        // The checksum of a later install has arrived; its executable has not yet.
        let sum = try String(contentsOfFile: path + ".sum", encoding: .utf8)
        let later = sum.replacingOccurrences(of: "\nexecutable ", with: "\nexecutable 0")
        try later.write(toFile: path + ".sum", atomically: true, encoding: .utf8)
        let other = SnippetCache(directory: runner.cache.directory)
        #expect(other.lookup(key: key) == nil, "a mismatch is never used")
        #expect(access(path, X_OK) == 0, "but the executable stays for the process that installed it")
        // The installing process starts the path it installed.
        let started = try await ChildProcess.run(
            ProcessSpec(executable: path, environment: [:]), limits: RunLimits(wallClock: .seconds(120)))
        #expect(started.lines.map(\.text) == ["installing"])
    }
}
