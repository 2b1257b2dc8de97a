/// The live program's host: a small executable, compiled once per toolchain and cached, that
/// loads the step's snippet and then each prompt entry as a dynamic library into one running
/// process, so state stays in memory and tasks keep running between entries.
///
/// Commands arrive on the control channel, one a line: `run N PATH` opens the library with
/// `RTLD_NOW | RTLD_GLOBAL` (later entries resolve against earlier ones) and calls its
/// `stepwise_entry_N`, which starts the entry in a main-actor task; `cancel N` cancels that
/// task; `step` calls the snippet's stepping driver. The host answers `entry-done`,
/// `entry-failed` and the stepping driver's own messages. Those need no ack: a reader thread
/// owns the channel's incoming bytes, and the monitor reads the output pipes dry before each
/// message, so output flushed before it still arrives before it.
///
/// A library that has `stepwise_attach_channel` (the snippet's, see ``LiveStepDriver``) is
/// handed the channel before its entry runs: a stepping call then sends its `call-trace` as
/// the standalone stepping program does. It sends on the main actor, as the host's
/// `entry-done` does, and never while another entry is being loaded.
enum LiveHostCode {
    static let source = SupportCode.base + "\n" + host

    /// The host after the generated programs' sender.
    private static let host = #"""
        import Dispatch

        setvbuf(stdout, nil, _IOLBF, 0)
        nonisolated(unsafe) var sendLock = pthread_mutex_t()
        pthread_mutex_init(&sendLock, nil)

        /// The generated programs' sender, under a lock (the reader thread and the main thread
        /// both answer) and without waiting for an ack; a channel that fails means the tutor is gone.
        func send(_ kind: String, _ fields: String = "") {
            guard __stepwiseControl >= 0 else { return }
            pthread_mutex_lock(&sendLock)
            defer { pthread_mutex_unlock(&sendLock) }
            __stepwiseSend(kind, fields, ack: false)
            if __stepwiseControl < 0 { exit(0) }
        }

        func quoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
                }
            }
            return out + "\""
        }

        let entryDone: @convention(c) (Int32, Int32, UnsafePointer<CChar>?) -> Void = { number, status, error in
            if status == 3, let error {
                send("entry-done", ",\"call\":\(number),\"value\":\"3\",\"error\":" + quoted(String(cString: error)))
                return
            }
            if let error {
                // An error nothing caught ends the entry, not the program.
                fflush(stdout)
                fputs("error: uncaught error: " + String(cString: error) + "\n", stderr)
            }
            send("entry-done", ",\"call\":\(number),\"value\":\"\(status)\"")
        }

        typealias EntryFunction = @convention(c) (@convention(c) (Int32, Int32, UnsafePointer<CChar>?) -> Void) -> Void
        typealias CancelFunction = @convention(c) () -> Void
        typealias StepFunction = @convention(c) () -> Void
        typealias AttachFunction = @convention(c) (Int32) -> Void

        @MainActor func load(_ number: Int32, _ path: String) {
            guard let library = dlopen(path, RTLD_NOW | RTLD_GLOBAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? "unknown"
                send("entry-failed", ",\"call\":\(number),\"error\":" + quoted(reason))
                return
            }
            guard let symbol = dlsym(library, "stepwise_entry_\(number)") else {
                send("entry-failed", ",\"call\":\(number),\"error\":\"no entry function\"")
                return
            }
            let function = unsafeBitCast(symbol, to: EntryFunction.self)
            // The snippet's library sends its stepping calls' traces on the channel itself.
            if let attach = dlsym(library, "stepwise_attach_channel") {
                unsafeBitCast(attach, to: AttachFunction.self)(__stepwiseControl)
            }
            function(entryDone)
        }

        func perform(_ line: String) {
            let words = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard let verb = words.first else { return }
            if verb == "run", words.count == 3, let number = Int32(words[1]) {
                // Loaded on the main thread: Foundation's CoreFoundation takes the thread that
                // loads it for the main one (see `runMainThread`).
                let path = words[2]
                DispatchQueue.main.async { load(number, path) }
            } else if verb == "cancel", words.count == 2, let number = Int32(words[1]) {
                if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stepwise_cancel_\(number)") {
                    let function = unsafeBitCast(symbol, to: CancelFunction.self)
                    DispatchQueue.main.async { function() }
                }
            } else if verb == "step" {
                if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stepwise_step_next") {
                    let function = unsafeBitCast(symbol, to: StepFunction.self)
                    DispatchQueue.main.async { function() }
                }
            }
        }

        /// Runs the main queue (and with it the main actor) on the main thread for good.
        ///
        /// Not `dispatchMain()`: that ends the main thread and leaves the main queue to a worker
        /// thread, and a library that brings Foundation (`import Foundation` in the snippet or
        /// an entry) then stops the main queue for good. CoreFoundation takes the thread that
        /// loads it for the main one and from then on wakes the main queue through its run loop,
        /// which no thread runs. So the main thread stays, drains the main queue itself while no
        /// CoreFoundation is loaded, and once one is (loaded on this thread, by `load`) runs its
        /// run loop, as a compiled program's async top-level code does, so timers and
        /// `RunLoop.main` work as they would there.
        func runMainThread() -> Never {
            #if os(Linux)
            typealias HandleFunction = @convention(c) () -> Int32
            typealias DrainFunction = @convention(c) (UnsafeMutableRawPointer?) -> Void
            typealias RunLoopFunction = @convention(c) () -> Void
            guard let handleSymbol = dlsym(nil, "_dispatch_get_main_queue_handle_4CF"),
                let drainSymbol = dlsym(nil, "_dispatch_main_queue_callback_4CF")
            else { dispatchMain() }
            // An eventfd that the main queue signals whenever it has work.
            let handle = unsafeBitCast(handleSymbol, to: HandleFunction.self)()
            let drain = unsafeBitCast(drainSymbol, to: DrainFunction.self)
            var runLoop: RunLoopFunction?
            while true {
                if runLoop == nil, let symbol = dlsym(nil, "CFRunLoopRun") { runLoop = unsafeBitCast(symbol, to: RunLoopFunction.self) }
                // The run loop returns only when an entry stops it: the queue is then drained
                // here until it has work again.
                runLoop?()
                var waiting = pollfd(fd: handle, events: Int16(POLLIN), revents: 0)
                if poll(&waiting, 1, -1) < 0 && errno != EINTR { dispatchMain() }
                var count: UInt64 = 0
                _ = read(handle, &count, 8)
                drain(nil)
            }
            #else
            dispatchMain()
            #endif
        }

        if let text = getenv("STEPWISE_CONTROL_FD"), let fd = Int32(String(cString: text)) {
            __stepwiseControl = fd
            // Programs an entry starts get no channel.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            unsetenv("STEPWISE_CONTROL_FD")
        }
        // The tutor's acks (0x06) arrive among the commands and are skipped: a command may
        // already be on its way before the ack of `started`.
        send("started")

        DispatchQueue.global().async {
            var pending: [UInt8] = []
            var byte: UInt8 = 0
            while true {
                let count = read(__stepwiseControl, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                // The tutor is gone: so is its program.
                if count <= 0 { exit(0) }
                if byte == 10 {
                    let line = String(decoding: pending, as: UTF8.self)
                    pending = []
                    perform(line)
                } else if byte >= 0x20 {
                    pending.append(byte)
                }
            }
        }
        runMainThread()
        """#
}
