import Foundation
import Testing

@testable import StepwiseCore

/// Whatever a child starts is gone once its run has returned, however it tried to stay.
@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct LeftoverProcessTests {
    let environment = ProcessInfo.processInfo.environment

    func shell(_ script: String) -> ProcessSpec {
        ProcessSpec(executable: "/bin/sh", arguments: ["-c", script], environment: environment)
    }

    func expectNoneLeft(_ argument: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
        await ExecutionTestSupport.expectNoneLeft(argument, sourceLocation: sourceLocation)
    }

    @Test func aBackgroundJobDoesNotOutliveTheRun() async throws {
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        let result = try await ChildProcess.run(shell("sleep \(marker) & echo started"))
        #expect(result.termination == .exited(0))
        #expect(result.lines.map(\.text) == ["started"])
        await expectNoneLeft(marker)
    }

    @Test func aDescendantInASessionOfItsOwnIsKilledToo() async throws {
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        // setsid leaves the child's session and process group, so killing the group misses it.
        let result = try await ChildProcess.run(shell("setsid sleep \(marker) & sleep 0.2; echo started"))
        #expect(result.lines.map(\.text) == ["started"])
        await expectNoneLeft(marker)
    }

    @Test func twoHundredSpawnedChildrenAreAllGoneAfterTheRun() async throws {
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        let result = try await ChildProcess.run(
            shell("i=0; while [ $i -lt 200 ]; do sleep \(marker) & i=$((i+1)); done; echo spawned $i"),
            limits: RunLimits(wallClock: .seconds(30)))
        #expect(result.lines.map(\.text) == ["spawned 200"])
        await expectNoneLeft(marker)
    }

    @Test func aSpawningLoopStoppedByTheTimeLimitLeavesNothing() async throws {
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        // Bounded at 200 children so a failure cannot hurt the machine; still spawning, then
        // waiting, when the one-second limit stops it.
        let result = try await ChildProcess.run(
            shell("i=0; while [ $i -lt 200 ]; do setsid sleep \(marker) & i=$((i+1)); done; sleep 30"),
            limits: RunLimits(wallClock: .seconds(1)))
        #expect(result.termination == .timedOut(.seconds(1)))
        await expectNoneLeft(marker)
    }

    @Test func standardInputIsAtEndOfFileAndThereIsNoTerminal() async throws {
        let result = try await ChildProcess.run(
            shell("if read line; then echo read; else echo eof; fi; (exec 3</dev/tty) 2>/dev/null && echo tty || echo no-tty"),
            limits: RunLimits(wallClock: .seconds(20)))
        #expect(result.lines.map(\.text) == ["eof", "no-tty"])
    }

    /// Outside a sandbox (inside one, the sandbox's first process leads the session).
    @Test func theChildLeadsASessionOfItsOwn() async throws {
        let result = try await ChildProcess.run(shell("cat /proc/$$/stat"), limits: RunLimits(sandbox: .off))
        let stat = try #require(result.lines.first?.text)
        let pid = String(stat.prefix { $0 != " " })
        let afterName = stat[try #require(stat.lastIndex(of: ")"))...].split(separator: " ")
        // ") state ppid pgrp session": the group and the session are both the child's own pid.
        #expect(String(afterName[3]) == pid)
        #expect(String(afterName[4]) == pid)
    }
}

extension LeftoverProcessTests {
    @Test func aForkLoopIsStoppedAtTheProcessLimit() async throws {
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        // Bounded at 300 children so a failure cannot hurt the machine.
        let result = try await ChildProcess.run(
            shell("i=0; while [ $i -lt 300 ]; do sleep \(marker) & i=$((i+1)); done; echo spawned $i; sleep 30"),
            limits: RunLimits(wallClock: .seconds(30), maximumProcesses: 100))
        #expect(result.termination == .processLimit(100))
        await expectNoneLeft(marker)
    }

    @Test func processesStartedThroughFoundationCountToo() async throws {
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        // setsid moves each sleeper out of the child's session, as Foundation's Process does.
        let result = try await ChildProcess.run(
            shell("i=0; while [ $i -lt 300 ]; do setsid sleep \(marker) & i=$((i+1)); done; echo spawned $i; sleep 30"),
            limits: RunLimits(wallClock: .seconds(30), maximumProcesses: 100))
        #expect(result.termination == .processLimit(100))
        await expectNoneLeft(marker)
    }
}
