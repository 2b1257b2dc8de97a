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
enum LiveHostCode {
    static let source = #"""
        #if canImport(Glibc)
        @preconcurrency import Glibc
        #elseif canImport(Darwin)
        @preconcurrency import Darwin
        #endif
        import Dispatch

        setvbuf(stdout, nil, _IOLBF, 0)
        nonisolated(unsafe) var control: Int32 = -1
        nonisolated(unsafe) var sendLock = pthread_mutex_t()
        pthread_mutex_init(&sendLock, nil)

        func send(_ kind: String, _ fields: String = "") {
            guard control >= 0 else { return }
            pthread_mutex_lock(&sendLock)
            defer { pthread_mutex_unlock(&sendLock) }
            fflush(stdout)
            fflush(stderr)
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let time = Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)
            let bytes = Array(("{\"kind\":\"" + kind + "\",\"time\":\(time)" + fields + "}\n").utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes.withUnsafeBytes { write(control, $0.baseAddress! + sent, bytes.count - sent) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { exit(0) }
                sent += count
            }
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

        func perform(_ line: String) {
            let words = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard let verb = words.first else { return }
            if verb == "run", words.count == 3, let number = Int32(words[1]) {
                guard let library = dlopen(words[2], RTLD_NOW | RTLD_GLOBAL) else {
                    let reason = dlerror().map { String(cString: $0) } ?? "unknown"
                    send("entry-failed", ",\"call\":\(number),\"error\":" + quoted(reason))
                    return
                }
                guard let symbol = dlsym(library, "stepwise_entry_\(number)") else {
                    send("entry-failed", ",\"call\":\(number),\"error\":\"no entry function\"")
                    return
                }
                let function = unsafeBitCast(symbol, to: EntryFunction.self)
                DispatchQueue.main.async { function(entryDone) }
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

        if let text = getenv("STEPWISE_CONTROL_FD"), let fd = Int32(String(cString: text)) {
            control = fd
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
                let count = read(control, &byte, 1)
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
        dispatchMain()
        """#
}
