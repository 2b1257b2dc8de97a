import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A window resize (SIGWINCH) or a continue after a stop (SIGCONT) while the prompt is open.
///
/// libedit's own handlers act inside the handler: they resize its display buffers on whichever
/// thread takes the signal, while the reading thread may be redrawing from them (two quick
/// resizes crashed the tutor). Here a handler only notes the signal and writes a byte to a pipe;
/// the reading thread, which waits on that pipe beside the terminal, does the work in order.
enum EditLineSignals {
    struct Pending {
        var resized = false
        var continued = false
    }

    /// The end the reading thread polls, or -1 before ``install()``.
    static var wakeDescriptor: Int32 { readEnd.load(ordering: .sequentiallyConsistent) }

    private static let readEnd = Atomic<Int32>(-1)
    private static let writeEnd = Atomic<Int32>(-1)
    private static let resized = Atomic<Bool>(false)
    private static let continued = Atomic<Bool>(false)
    private static let installed = Atomic<Bool>(false)

    /// Once per process. Handlers restart interrupted calls: an interrupted read() elsewhere
    /// must not look like the end of input.
    static func install() {
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        readEnd.store(ends[0], ordering: .sequentiallyConsistent)
        writeEnd.store(ends[1], ordering: .sequentiallyConsistent)
        for signal in [SIGWINCH, SIGCONT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let saved = errno
                if number == SIGWINCH {
                    EditLineSignals.resized.store(true, ordering: .sequentiallyConsistent)
                } else {
                    EditLineSignals.continued.store(true, ordering: .sequentiallyConsistent)
                }
                var byte: UInt8 = 1
                // A full pipe already holds a wake-up; the flags say what happened.
                _ = write(EditLineSignals.writeEnd.load(ordering: .sequentiallyConsistent), &byte, 1)
                errno = saved
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            _ = sigaction(signal, &action, nil)
        }
    }

    /// After stopping itself: the SIGCONT that ends the stop may be handled on another thread a
    /// moment after this one runs on, so wait for it (briefly: with no job control the kernel
    /// discards the stop and no SIGCONT comes) and consume it; the prompt is drawn anew anyway.
    static func awaitContinue(milliseconds: Int32 = 200) {
        var wait = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
        if wait.fd >= 0, !continued.load(ordering: .sequentiallyConsistent) { _ = poll(&wait, 1, milliseconds) }
        _ = take()
    }

    /// Output for above the line being edited (a live program's), and whether a line is being
    /// edited: while it is, the reading thread prints the text and redraws the line after it.
    private static let above = Mutex<(editing: Bool, queue: [String])>((false, []))

    /// Queues `text` for the reading thread and wakes it; false (nothing queued) when no line is
    /// being edited, so the caller prints it itself.
    static func postAbove(_ text: String) -> Bool {
        let queued = above.withLock { state -> Bool in
            guard state.editing else { return false }
            state.queue.append(text)
            return true
        }
        guard queued else { return false }
        var byte: UInt8 = 1
        _ = write(writeEnd.load(ordering: .sequentiallyConsistent), &byte, 1)
        return true
    }

    /// Marks the start or end of editing; returns the text queued and not yet printed.
    static func setEditing(_ editing: Bool) -> [String] {
        above.withLock { state in
            state.editing = editing
            defer { state.queue = [] }
            return state.queue
        }
    }

    /// The text queued since the last call.
    static func takeAbove() -> [String] {
        above.withLock { state in
            defer { state.queue = [] }
            return state.queue
        }
    }

    /// What arrived since the last call; empties the pipe.
    static func take() -> Pending {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeDescriptor, &buffer, buffer.count) > 0 {}
        return Pending(
            resized: resized.exchange(false, ordering: .sequentiallyConsistent),
            continued: continued.exchange(false, ordering: .sequentiallyConsistent))
    }
}
