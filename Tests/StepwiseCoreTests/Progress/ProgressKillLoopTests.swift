import Foundation
import Testing

@testable import StepwiseCore

/// Kills a process that saves progress as fast as it can, at random moments, again and again:
/// after every kill the file must hold exactly the last state the process reported saved, or
/// the one it was saving, and at most the killed process's temporary file may be left over.
///
/// `STEPWISE_KILL_LOOP_ITERATIONS` sets the number of kills (100 by default; `Scripts/kill-loop N`).
@Suite(.tags(.compiler)) struct ProgressKillLoopTests {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["STEPWISE_KILL_LOOP_ITERATIONS"].flatMap(Int.init) ?? 100
    }

    @Test func killingASaveAtAnyMomentLeavesTheOldOrTheNewState() async throws {
        let writer = try ProgressWriter.path()
        let folder = NSTemporaryDirectory() + "stepwise-kill-loop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/progress.json"
        var generator = SystemRandomNumberGenerator()
        var lastState = 0
        var killsWithTemporaryFile = 0
        var killsBeforeAnySave = 0
        for iteration in 1...Self.iterations {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: writer)
            process.arguments = [path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Most kills land among the saves: after the first one, at a random moment within
            // the next few saves. One in ten lands anywhere in the writer's start-up instead.
            // The reads and the waits block, so they run on a thread of their own; the random
            // pause stays a usleep there too, as a suspension's wake-up is less precise.
            var printed = Data()
            let reader = output.fileHandleForReading
            if Int.random(in: 0..<10, using: &generator) == 0 {
                let pause = UInt32.random(in: 0...30_000, using: &generator)
                try await ProgressWriter.offThePool { _ = usleep(pause) }
            } else {
                let pause = UInt32.random(in: 0...8_000, using: &generator)
                printed = try await ProgressWriter.offThePool {
                    var printed = Data()
                    while !printed.contains(UInt8(ascii: "\n")) {
                        let chunk = reader.availableData
                        if chunk.isEmpty { break }
                        printed += chunk
                    }
                    usleep(pause)
                    return printed
                }
            }
            kill(process.processIdentifier, SIGKILL)
            printed += try await ProgressWriter.offThePool {
                let rest = reader.readDataToEndOfFile()
                process.waitUntilExit()
                return rest
            }
            #expect(
                process.terminationReason == .uncaughtSignal,
                "iteration \(iteration): the writer ended by itself: status \(process.terminationStatus)")

            let acknowledged = String(decoding: printed, as: UTF8.self).split(separator: "\n").compactMap {
                Int($0.dropFirst("saved ".count))
            }.max()
            if acknowledged == nil { killsBeforeAnySave += 1 }
            let confirmed = acknowledged ?? lastState
            let onDisk = FileManager.default.fileExists(atPath: path) ? ProgressWriter.wholeState(in: path) : 0
            #expect(
                onDisk == confirmed || onDisk == confirmed + 1,
                "iteration \(iteration): the file holds \(onDisk.map(String.init) ?? "no whole state"), the writer had saved \(confirmed)")
            guard let onDisk else { return }
            lastState = onDisk

            // A killed save leaves its temporary file; the next load or save removes it, so
            // they never pile up.
            let leftOver = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != "progress.json" }
            #expect(
                leftOver.count <= 1 && leftOver.allSatisfy { $0.hasPrefix("progress.json.saving-") }, "iteration \(iteration): \(leftOver)")
            if !leftOver.isEmpty { killsWithTemporaryFile += 1 }
        }
        // A last, uninterrupted save clears whatever the kills left behind.
        let last = try await ProgressWriter.run([path, "--count", "1"])
        #expect(last.status == 0)
        #expect(ProgressWriter.wholeState(in: path) == lastState + 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["progress.json"])
        print(
            "kill loop: \(Self.iterations) kills, \(killsWithTemporaryFile) mid-save (temporary file left), \(killsBeforeAnySave) before the first save; reached state \(lastState + 1)"
        )
        #expect(lastState > 0, "no kill came after a save: the loop tested nothing")
    }
}
