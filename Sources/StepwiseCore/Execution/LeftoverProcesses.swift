import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds and kills whatever a child left running after it ended: background jobs, daemons,
/// the survivors of a fork loop.
///
/// Killing the child's process group is not enough on its own. A descendant can move to a
/// group of its own (`setpgid`, a shell's job control) or a session of its own (`setsid`),
/// and a loop that keeps forking can start a new process while the group is being killed.
/// So every child starts in a session of its own with a unique ``variable`` in its
/// environment, which its descendants inherit, and after it ends `/proc` is scanned for any
/// process in that session or group or carrying that value, until a scan finds none.
///
/// ``count(under:limit:)`` counts a running child's processes against ``RunLimits/maximumProcesses``.
/// Not covered: a descendant that both leaves the session and clears its environment.
enum LeftoverProcesses {
    /// The environment variable that marks a child and its descendants.
    static let variable = "STEPWISE_RUN_ID"

    /// How long a sweep may keep finding processes before it gives up (a bomb that outruns
    /// SIGKILL is not possible, as forking fails once a SIGKILL is pending, but the tutor
    /// must not hang on a system that misbehaves).
    static let budget: Duration = .seconds(10)

    /// A value for ``variable`` that no other run of any tutor uses.
    static func makeMarker() -> String {
        "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Kills, with SIGKILL, every live process in session or group `leader` or whose
    /// environment holds `marker`, scanning again until none is left.
    /// - Returns: how many processes were killed.
    @discardableResult
    static func kill(leader: pid_t, marker: String) -> Int {
        #if os(Linux)
        let needle = Array("\(variable)=\(marker)".utf8) + [0]
        let clock = ContinuousClock()
        let started = clock.now
        var killed = 0
        while clock.now - started < budget {
            let found = scan(leader: leader, needle: needle)
            if found.isEmpty { break }
            for pid in found where Glibc.kill(pid, SIGKILL) == 0 { killed += 1 }
            // A process killed mid-fork may have a child that is not yet visible; look again.
            usleep(1000)
        }
        return killed
        #else
        _ = Darwin.kill(-leader, SIGKILL)
        return 0
        #endif
    }

    /// Processes in the tree under `leader`, itself included, counted up to `limit + 1`, by
    /// following `/proc/<pid>/task/<tid>/children`: the cost grows with the tree, not with the
    /// machine's processes (a full scan every 100 ms for every running child saturated a busy
    /// machine). It sees a child in another session too, as Foundation's `Process` makes them;
    /// what it misses, orphans, the sweep after the run still finds.
    static func count(under leader: pid_t, limit: Int) -> Int {
        #if os(Linux)
        var count = 0
        var pending = [leader]
        var seen: Set<pid_t> = []
        while let pid = pending.popLast(), count <= limit {
            guard seen.insert(pid).inserted else { continue }
            count += 1
            for task in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? [] {
                guard let children = read("/proc/\(pid)/task/\(task)/children", limit: 1 << 20) else { continue }
                pending += children.split(separator: UInt8(ascii: " ")).compactMap { number($0).map(pid_t.init) }
            }
        }
        return count
        #else
        return 1
        #endif
    }

    #if os(Linux)
    /// The fields of `/proc/<pid>/stat` after the command name: `state ppid pgrp session …`
    /// (the name may hold spaces and parentheses, so the split is after its last `)`).
    private static func statFields(_ pid: String) -> [ArraySlice<UInt8>]? {
        guard let stat = read("/proc/\(pid)/stat", limit: 4096), let close = stat.lastIndex(of: UInt8(ascii: ")")) else {
            return nil
        }
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        return fields.count > startTimeField ? fields : nil
    }

    /// `starttime` (field 22 of `stat`, counted from the state, which is field 3).
    private static let startTimeField = 19

    private static func number(_ field: ArraySlice<UInt8>) -> Int? {
        Int(String(decoding: field, as: UTF8.self))
    }

    private static func scan(leader: pid_t, needle: [UInt8]) -> [pid_t] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let me = getpid()
        // A descendant cannot have started before the leader: only later processes need their
        // environment read, which keeps a sweep to a millisecond or so on a busy machine.
        let leaderStart = statFields(String(leader)).flatMap { number($0[startTimeField]) } ?? 0
        var found: [pid_t] = []
        for name in names {
            guard let pid = pid_t(name), pid != me, pid != leader, let fields = statFields(name) else { continue }
            let state = fields[0].first ?? 0
            if state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") { continue }
            let group = number(fields[2])
            let session = number(fields[3])
            if group == Int(leader) || session == Int(leader) {
                found.append(pid)
                continue
            }
            guard (number(fields[startTimeField]) ?? Int.max) >= leaderStart else { continue }
            if let environment = read("/proc/\(name)/environ", limit: 1 << 20), contains(environment, needle) {
                found.append(pid)
            }
        }
        return found
    }

    /// The environment block starts with a variable too, so match after a NUL or at the start.
    private static func contains(_ environment: [UInt8], _ needle: [UInt8]) -> Bool {
        guard environment.count >= needle.count - 1 else { return false }
        var block = [UInt8(0)] + environment
        if block.last != 0 { block.append(0) }
        let pattern = [UInt8(0)] + needle
        var index = 0
        let last = block.count - pattern.count
        while index <= last {
            if block[index] == 0, block[index + 1] == pattern[1],
                block[index..<(index + pattern.count)].elementsEqual(pattern)
            {
                return true
            }
            index += 1
        }
        return false
    }

    private static func read(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            guard case .bytes(let count) = chunk.withUnsafeMutableBytes({ Syscalls.read(fd, into: $0.baseAddress, count: $0.count) })
            else { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
    #endif
}
