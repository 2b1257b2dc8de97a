import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program on a pseudo-terminal, as a learner's terminal would, and reads what it shows.
final class PseudoTerminal {
    let process = Process()
    let master: Int32
    /// The terminal's device, for `stty -F`.
    let name: String
    private(set) var screen = ""

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(executable: String, arguments: [String], environment: [String: String], columns: UInt16 = 80, rows: UInt16 = 40) throws {
        // posix_openpt and friends are not visible to Swift on glibc; these ioctls are what they do.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        // TIOCSPTLCK unlocks the pseudo-terminal's other end; TIOCGPTN asks for its number.
        guard master >= 0, ioctl(master, UInt(0x4004_5431), &unlock) == 0,
            ioctl(master, UInt(0x8004_5430), &number) == 0
        else {
            throw Failure(description: "no pseudo-terminal available")
        }
        name = "/dev/pts/\(number)"
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure(description: "cannot open \(name)") }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        // setsid --ctty makes the pseudo-terminal the program's controlling terminal, so Ctrl-C
        // outside the prompt raises SIGINT exactly as in a real terminal.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--ctty", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.environment = environment
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads until `text` appears after `from` (an offset into everything seen) and returns
    /// as soon as it does; fails only after `timeout`, which means the program hung.
    @discardableResult
    func waitFor(_ text: String, after from: String.Index? = nil, timeout: Duration = hangBound) async throws -> String.Index {
        var found: String.Index?
        let appeared = try await eventually(within: timeout) {
            drain()
            found = screen.range(of: text, range: (from ?? screen.startIndex)..<screen.endIndex)?.upperBound
            return found != nil
        }
        guard appeared, let found else {
            throw Failure(description: "did not see \(text.debugDescription) within \(timeout); screen:\n\(screen)")
        }
        return found
    }

    /// Drains the screen until `condition` holds, checking between short sleeps; fails after
    /// `timeout` with `what` (what went wrong) and the screen.
    func waitUntil(_ what: String, timeout: Duration = hangBound, _ condition: () throws -> Bool) async throws {
        guard
            try await eventually(
                within: timeout,
                {
                    drain(); return try condition()
                })
        else {
            throw Failure(description: "\(what) after \(timeout); screen:\n\(screen)")
        }
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            screen += String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }

    /// Changes the window size, as dragging a terminal window's corner does (the program gets SIGWINCH).
    func resize(columns: UInt16, rows: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// The process group in the terminal's foreground: the program itself, since `setsid` made
    /// it the session leader (the `process` above may be `setsid`, which forked it).
    func foregroundProcessGroup() -> pid_t? {
        var group: pid_t = 0
        return ioctl(master, UInt(TIOCGPGRP), &group) == 0 && group > 0 ? group : nil
    }

    /// What `stty -a` reports for this terminal now (after the program ends: what it left behind).
    func settings() async throws -> String {
        let stty = Process()
        stty.executableURL = URL(fileURLWithPath: "/bin/stty")
        stty.arguments = ["-a", "-F", name]
        let output = Pipe()
        stty.standardOutput = output
        return String(decoding: try await stty.runPiped(input: Data(), output: output).output, as: UTF8.self)
    }

    /// Waits for the program to end, draining the screen meanwhile (a program blocked on a
    /// full terminal would never end); fails after `timeout`, which means it hung.
    func waitForExit(timeout: Duration = hangBound) async throws -> Int32 {
        try await waitUntil("still running", timeout: timeout) { !process.isRunning }
        drain()
        return process.terminationStatus
    }
}
