import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread that owns a running child: its output, its control channel, its deadline and its exit.
extension ChildProcess {
    // MARK: The monitor thread

    /// Reads output, enforces limits and reaps the child; runs on its own thread until the child is gone.
    func monitor() {
        var collector = OutputCollector(keptLimit: limits.keptOutputBytes, storesLines: !isInteractive)
        let bufferSize = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 1)
        defer { buffer.deallocate() }
        var open: [TimedLine.Stream: Bool] = [.stdout: true, .stderr: true]
        var stopReason: Termination?
        var termSentAt: ContinuousClock.Instant?
        var killSent = false
        var exitStatus: Int32?
        var idleBackoff = 0
        // A pidfd polls readable when the child exits, so the loop can sleep until
        // something happens; without one it has to look every few milliseconds.
        // A hosted run's supervision socket does the same: its end report comes there.
        #if os(Linux)
        let pidFD = hosted != nil ? -1 : PlatformCalls.pidfdOpen.map { $0(pid, 0) } ?? -1
        #else
        let pidFD: Int32 = -1
        #endif
        defer { if pidFD >= 0 { close(pidFD) } }

        func elapsed() -> Duration { MonotonicClock.now() - spawnTime }

        func signalGroup(_ signal: Int32) {
            if let hosted { hosted.signal(signal) } else { _ = kill(-pid, signal) }
        }

        var hostedStatus: Int32?
        /// Reads the hosted run's reports: its end, or a fork loop its init stopped.
        func readSupervision() {
            guard let hosted, hostedStatus == nil else { return }
            while true {
                switch HostedRun.read(hosted.supervisionFD) {
                case .nothing: return
                case .ended:
                    // The init went without a report: something killed it, and so the run.
                    hostedStatus = SIGKILL
                    return
                case .report(.exited(let status), _):
                    hostedStatus = status
                    return
                case .report(.tooManyProcesses, _):
                    if stopReason == nil, let maximum = limits.maximumProcesses {
                        stopReason = .processLimit(maximum)
                        killSent = true
                    }
                case .report(.failed(let call, let code), _):
                    let message = "Stepwise could not start the program in its sandbox: \(call) failed: \(SystemErrors.describe(code))\n"
                    let produced = Array(message.utf8).withUnsafeBytes { collector.consume($0, from: .stderr, at: elapsed()) }
                    deliver(produced)
                case .report(.ready, _):
                    break
                }
            }
        }

        var observedOrigin: Duration?
        var finishedAt: Duration?
        var controlMessages: [ReceivedControl] = []
        var controlOpen = controlFD != nil
        var controlPending: [UInt8] = []
        var controlOverlong = false

        func deliver(_ produced: [TimedLine]) {
            guard !produced.isEmpty else { return }
            if let observer, !awaitsStartMessage || observedOrigin != nil {
                for var line in produced where line.stream == .stdout {
                    line.elapsed = max(.zero, line.elapsed - (observedOrigin ?? .zero))
                    observer(line)
                }
            }
            guard isInteractive else { return }
            lock.lock()
            events += produced.map { .line($0) }
            let waiter = takeWaiterWithEvent()
            lock.unlock()
            if let (continuation, event) = waiter { continuation.resume(returning: event) }
        }

        /// The ack goes out before a waiting caller resumes: a caller that answers at once
        /// (the next `next` command) must not get its bytes to the child ahead of the ack.
        func deliver(_ message: ControlMessage, sentAt time: Int64, ack: () -> Void) {
            let received = ReceivedControl(
                message: message, elapsed: .nanoseconds(time) - spawnTime, lineIndex: collector.keptLineCount)
            switch message {
            case .started:
                observedOrigin = received.elapsed
                lock.lock()
                if awaitingStart {
                    awaitingStart = false
                    if deadline != nil { deadline = ContinuousClock.now + deadlineLimit }
                }
                lock.unlock()
            case .finished:
                finishedAt = received.elapsed
            default:
                break
            }
            guard isInteractive else {
                controlMessages.append(received)
                ack()
                return
            }
            lock.lock()
            events.append(.control(received))
            let waiter = takeWaiterWithEvent()
            lock.unlock()
            ack()
            if let (continuation, event) = waiter { continuation.resume(returning: event) }
        }

        /// Reads what is available on one stream; returns false at end of file.
        func drain(_ fd: Int32, _ stream: TimedLine.Stream, untilEmpty: Bool = false) -> Bool {
            // Bounded so that one chatty stream cannot starve deadline checks, except before a
            // control message, which must come after everything written before it.
            var reads = 0
            while untilEmpty || reads < 16 {
                reads += 1
                switch Syscalls.read(fd, into: buffer.baseAddress, count: bufferSize) {
                case .bytes(let count):
                    let produced = collector.consume(
                        UnsafeRawBufferPointer(rebasing: buffer[0..<count]), from: stream, at: elapsed())
                    deliver(produced)
                    if collector.totalBytes > limits.hardOutputBytes && stopReason == nil {
                        stopReason = .outputLimit(limits.hardOutputBytes)
                        signalGroup(SIGKILL)
                        killSent = true
                    }
                    if count < bufferSize && !untilEmpty { return true }
                    if killSent && untilEmpty { return true }
                case .wouldBlock:
                    return true
                case .endOfFile, .failed:
                    deliver(collector.finishStream(stream, at: elapsed()))
                    return false
                }
            }
            return true
        }

        /// Reads the control channel; for each complete message, first everything the program
        /// wrote before it, then the message, then the ack the child may be waiting for.
        /// Returns whether there may be more to read.
        @discardableResult
        func readControl() -> Bool {
            guard let controlFD, controlOpen else { return false }
            let count: Int
            switch Syscalls.read(controlFD, into: buffer.baseAddress, count: bufferSize) {
            case .bytes(let read): count = read
            case .wouldBlock: return false
            case .endOfFile, .failed:
                controlOpen = false
                return false
            }
            var start = 0
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            var lines: [[UInt8]] = []
            while start < count {
                guard let newline = bytes[start...].firstIndex(of: 10) else {
                    if controlPending.count + count - start > ControlChannel.maximumLineLength { controlOverlong = true }
                    if !controlOverlong { controlPending += bytes[start...] }
                    break
                }
                if !controlOverlong { lines.append(controlPending + bytes[start..<newline]) }
                controlPending = []
                controlOverlong = false
                start = newline + 1
            }
            guard !lines.isEmpty else { return true }
            for (stream, fd) in [(TimedLine.Stream.stdout, stdoutFD), (.stderr, stderrFD)] where open[stream] == true {
                if !drain(fd, stream, untilEmpty: true) { open[stream] = false }
            }
            for line in lines {
                // Only generated code writes here; a line that does not decode is dropped, not guessed at.
                guard let decoded = try? JSONDecoder().decode(ControlLine.self, from: Data(line)) else { continue }
                deliver(decoded.message, sentAt: decoded.time) {
                    // A child that has gone away needs no ack.
                    if decoded.message.needsAck { try? Syscalls.sendAll(controlFD, [ControlChannel.ack]) }
                }
            }
            return true
        }

        while true {
            let now = ContinuousClock.now
            lock.lock()
            let requested = requestedStop
            let currentDeadline = deadline
            let currentLimit = deadlineLimit
            lock.unlock()

            if stopReason == nil {
                if let requested {
                    stopReason = requested
                    signalGroup(SIGTERM)
                    termSentAt = now
                } else if let currentDeadline, now >= currentDeadline {
                    stopReason = .timedOut(currentLimit)
                    signalGroup(SIGTERM)
                    termSentAt = now
                }
            }
            if let termSentAt, !killSent, now >= termSentAt + Self.killGrace {
                signalGroup(SIGKILL)
                killSent = true
            }

            readSupervision()
            if exitStatus == nil, let status = hosted == nil ? exitedStatus() : hostedStatus {
                // Collect what the child wrote just before exiting, then clear out its group at once;
                // the rest of what it left behind is found after the result is delivered.
                while readControl() {}
                for (stream, fd) in [(TimedLine.Stream.stdout, stdoutFD), (.stderr, stderrFD)] where open[stream] == true {
                    if !drain(fd, stream) { open[stream] = false }
                }
                signalGroup(SIGKILL)
                exitStatus = status
                break
            }

            var timeout = pidFD >= 0 || hosted != nil ? Duration.seconds(3600) : Duration.milliseconds(50)
            if let currentDeadline, stopReason == nil { timeout = min(timeout, max(.zero, currentDeadline - now)) }
            if let termSentAt, !killSent { timeout = min(timeout, max(.zero, termSentAt + Self.killGrace - now)) }
            let anyOpen = open.values.contains(true)
            if !anyOpen && pidFD < 0 && hosted == nil {
                // Both pipes are closed: the child is exiting (or closed them and goes on);
                // it becomes reapable within microseconds, so poll briefly, backing off.
                let steps: [Duration] = [.zero, .microseconds(200), .milliseconds(1), .milliseconds(5), .milliseconds(20)]
                timeout = min(timeout, steps[min(idleBackoff, steps.count - 1)])
                idleBackoff += 1
            }

            var fds: [pollfd] = [pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)]
            if pidFD >= 0 { fds.append(pollfd(fd: pidFD, events: Int16(POLLIN), revents: 0)) }
            if let hosted { fds.append(pollfd(fd: hosted.supervisionFD, events: Int16(POLLIN), revents: 0)) }
            if open[.stdout] == true { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            if open[.stderr] == true { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            if let controlFD, controlOpen { fds.append(pollfd(fd: controlFD, events: Int16(POLLIN), revents: 0)) }
            let milliseconds = Int32(
                clamping: timeout.components.seconds * 1000 + (timeout.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            )
            let ready = poll(&fds, nfds_t(fds.count), timeout == .zero ? 0 : max(1, milliseconds))
            if ready <= 0 { continue }
            for entry in fds where entry.revents != 0 {
                if entry.fd == wakeReadFD {
                    var sink = [UInt8](repeating: 0, count: 64)
                    while read(wakeReadFD, &sink, sink.count) > 0 {}
                }
            }
            if let controlFD, fds.contains(where: { $0.fd == controlFD && $0.revents != 0 }) {
                readControl()
            }
            // Standard output first: a crash message on standard error usually follows the program's last output.
            for (stream, fd) in [(TimedLine.Stream.stdout, stdoutFD), (.stderr, stderrFD)] where open[stream] == true {
                if fds.contains(where: { $0.fd == fd && $0.revents != 0 }) {
                    if !drain(fd, stream) { open[stream] = false }
                }
            }
        }

        for stream in [TimedLine.Stream.stdout, .stderr] where open[stream] == true {
            deliver(collector.finishStream(stream, at: elapsed()))
        }
        Self.closeAll([stdoutFD, stderrFD])
        if let removesAtExit { ScratchFolder.remove(removesAtExit) }

        let status = exitStatus ?? 0
        let termination: Termination
        if let stopReason {
            termination = stopReason
        } else if status & 0x7f == 0 {
            let code = (status >> 8) & 0xff
            if isSandboxed, hosted == nil, let signal = Sandbox.signal(fromExitCode: code) {
                termination = .signalled(signal, name: Termination.signalName(signal))
            } else {
                termination = .exited(code)
            }
        } else {
            let signal = status & 0x7f
            termination = .signalled(signal, name: Termination.signalName(signal))
        }
        // The child's own `finished` when it sent one: a tutor that reaps late must not lengthen
        // the time, and one that read `started` late must not shorten it.
        let endedAt = finishedAt ?? elapsed()
        var result = RunResult(
            lines: collector.lines, termination: termination, wallTime: endedAt,
            omittedBytes: collector.omittedBytes, omittedLines: collector.omittedLines)
        result.controlMessages = controlMessages

        lock.lock()
        finalResult = result
        inputClosed = true
        let waiters = resultWaiters
        resultWaiters = []
        var eventWaiter: (CheckedContinuation<Event?, Never>, Event?)?
        if isInteractive {
            events.append(.exited(result))
            eventWaiter = takeWaiterWithEvent()
        }
        lock.unlock()
        for waiter in waiters { waiter.resume(returning: result) }
        if let (continuation, event) = eventWaiter { continuation.resume(returning: event) }

        // Scanning /proc takes a few milliseconds on a busy machine, about as long as a cached
        // run itself, so it happens after the result is out. The child is reaped only after it:
        // while it is a zombie its pid, which is also its session and group id, cannot be reused
        // by an unrelated process.
        // A sandbox's processes ended with it: its PID namespace went when its first process did.
        if !isSandboxed { LeftoverProcesses.kill(leader: pid, marker: marker) }
        Self.live.lock.withLock { Self.live.markers[pid] = nil }
        // A hosted run's init is not the tutor's child; the host's namespace reaps it.
        if hosted == nil { _ = reap() }
        // A leftover may have written into the folder while it was being removed.
        if let removesAtExit, access(removesAtExit, F_OK) == 0 { ScratchFolder.remove(removesAtExit) }
    }
}
