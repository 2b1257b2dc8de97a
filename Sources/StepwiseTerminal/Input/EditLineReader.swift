import CLibEdit
import Foundation
import StepwiseCore

#if canImport(Glibc)
import Glibc
#endif

/// The prompt on a real terminal, through libedit: Emacs keys, history kept across runs,
/// Tab completion, Ctrl-C clears the line, Ctrl-D ends the session. The only libedit caller.
package final class EditLineReader: LineReader, @unchecked Sendable {
    package var completer: (@Sendable (String) -> [String])?
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: String?
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    fileprivate var wasInterrupted = false
    /// Set by Ctrl-Z: the text typed so far, to give back after `fg`.
    fileprivate var suspendedText: String?

    /// - Parameter historyFile: where Up/Down history is loaded from and saved to; nil keeps none.
    package init?(historyFile: String?) {
        Self.ensureUTF8Locale()
        guard let editLine = el_init("stepwise", stepwise_stdin(), stepwise_stdout(), stepwise_stderr()) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.historyFile = historyFile
        stepwise_history_set_size(history, 1000)
        stepwise_history_set_unique(history, 1)
        if let historyFile { stepwise_history_load(history, historyFile) }

        stepwise_el_set_editor(editLine, "emacs")
        stepwise_el_set_history(editLine, history)
        // No libedit signal handlers (see EditLineSignals): resizes and continues are handled by
        // the reading function below, on the reading thread. Ctrl-C, Ctrl-\ and Ctrl-Z are keys
        // while editing (ISIG is off); SIGHUP and SIGTERM are handled outside libedit.
        stepwise_el_set_signal(editLine, 0)
        EditLineSignals.install()
        stepwise_el_set_getcfn(editLine, Self.readCharacter)
        Self.active = self
        stepwise_el_set_prompt(editLine) { editLine in
            guard let editLine, let buffer = EditLineReader.from(editLine)?.promptBuffer else { return EditLineReader.fallbackPrompt }
            return buffer
        }
        // ^C reaches us as a key instead of SIGINT while editing, so it can clear the line
        // without any signal juggling; outside the prompt the terminal is restored and ^C
        // interrupts a running snippet as usual.
        stepwise_el_setty_edit(editLine, "-isig")
        stepwise_el_add_function(editLine, "stepwise-interrupt", "Discard the line") { editLine, _ in
            guard let editLine, let reader = EditLineReader.from(editLine) else { return UInt8(CC_ERROR) }
            reader.wasInterrupted = true
            return UInt8(CC_NEWLINE)
        }
        stepwise_el_bind(editLine, "^C", "stepwise-interrupt")
        // libedit binds the terminal's quit key to raising SIGQUIT, which ends the tutor with a
        // crash report; like Ctrl-C, it discards the line instead.
        stepwise_el_bind(editLine, "^\\", "stepwise-interrupt")
        // With flow control on, Ctrl-S froze the screen until Ctrl-Q, which looks like a hung
        // tutor to anyone who does not know that key; libedit also binds it to stopping output.
        stepwise_el_setty_edit(editLine, "-ixon")
        stepwise_el_bind(editLine, "^S", "ed-redisplay")
        stepwise_el_bind(editLine, "^Q", "ed-redisplay")
        // libedit's own Ctrl-Z stops the tutor inside el_gets, and after `fg` the prompt was not
        // drawn again: the learner saw an empty line. Leaving el_gets first restores the terminal
        // the usual way, and the prompt is drawn afresh on return.
        stepwise_el_add_function(editLine, "stepwise-suspend", "Suspend the tutor") { editLine, _ in
            guard let editLine, let reader = EditLineReader.from(editLine), let info = el_line(editLine)?.pointee else {
                return UInt8(CC_ERROR)
            }
            reader.suspendedText = String(
                decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.lastchar - info.buffer), as: UTF8.self)
            return UInt8(CC_NEWLINE)
        }
        stepwise_el_bind(editLine, "^Z", "stepwise-suspend")
        stepwise_el_add_function(editLine, "stepwise-complete", "Complete a command or lesson") { editLine, _ in
            guard let editLine, let reader = EditLineReader.from(editLine) else { return UInt8(CC_ERROR) }
            return reader.complete()
        }
        stepwise_el_bind(editLine, "^I", "stepwise-complete")
    }

    /// libedit decodes the prompt and the typed text with the C locale; under "C" any non-ASCII
    /// character (a learner's "é", an arrow in a prompt) fails to decode and libedit crashes.
    private static func ensureUTF8Locale() {
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)),
            String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        {
            return
        }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") }
    }

    nonisolated(unsafe) fileprivate static let fallbackPrompt = strdup("> ")

    /// The terminal modes libedit edits in, read the first time it asks for a character of a
    /// line (it sets them just before), to put back after a stop: the shell sets its own.
    nonisolated(unsafe) fileprivate static var editingModes = termios()
    nonisolated(unsafe) fileprivate static var hasEditingModes = false

    /// el_gets draws the prompt afresh and reads the window's size itself: a resize or a
    /// continue from before this line (Ctrl-Z, then `fg`) must not draw it a second time.
    private static func startEditing() {
        hasEditingModes = false
        _ = EditLineSignals.take()
    }

    /// libedit's reading function, done again so the wait for a key can also wake for a resize
    /// or a continue, and handle it here on the reading thread. Decodes UTF-8 as libedit does:
    /// 1 = a character, 0 = end of input, -1 = an error.
    private static let readCharacter: el_rfunc_t = { editLine, character in
        guard let editLine, let character else { return -1 }
        if !hasEditingModes, tcgetattr(STDIN_FILENO, &editingModes) == 0 { hasEditingModes = true }
        var bytes: [CChar] = []
        while true {
            var waits = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: EditLineSignals.wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            // poll skips a negative descriptor: without the pipe this waits for keys alone.
            if poll(&waits, 2, -1) < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if waits[1].revents != 0 {
                let pending = EditLineSignals.take()
                let above = EditLineSignals.takeAbove()
                if !above.isEmpty {
                    // Output that arrived while the learner types goes above the line, which is
                    // then drawn again below it: erase the line, print, redraw.
                    fputs("\r\u{1B}[K" + above.joined(), stepwise_stdout())
                    fflush(stepwise_stdout())
                    stepwise_el_refresh(editLine)
                }
                // As libedit's own handlers would, but on this thread: a resize only takes the
                // new width (where a terminal reflowed the old line is unknowable, so a redraw
                // there could land on top of it); after a stop the shell has printed its lines
                // and the cursor is on a fresh one, so the prompt and the line are drawn there.
                if pending.resized || pending.continued { el_resize(editLine) }
                if pending.continued {
                    if hasEditingModes { _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &editingModes) }
                    stepwise_el_refresh(editLine)
                }
            }
            guard waits[0].revents != 0 else { continue }
            var byte: CChar = 0
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return -1
            }
            if count == 0 {
                character.pointee = 0
                return 0
            }
            bytes.append(byte)
            decoding: while true {
                var state = mbstate_t()
                // size_t comes into Swift as Int: C's (size_t)-2 and (size_t)-1 are -2 and -1.
                let result = mbrtowc(character, bytes, bytes.count, &state)
                if result == -2 {
                    // The start of a longer character: read on.
                    if bytes.count >= Int(MB_LEN_MAX) {
                        errno = EILSEQ
                        return -1
                    }
                    break decoding
                }
                if result == -1 {
                    // Not UTF-8: drop the bytes before the last one, which may start a character.
                    guard bytes.count > 1 else {
                        bytes = []
                        break decoding
                    }
                    bytes = [bytes[bytes.count - 1]]
                    continue decoding
                }
                return 1
            }
        }
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptBuffer)
    }

    /// libedit's callbacks are C function pointers that cannot capture; one prompt exists per
    /// process, so the active reader is kept here for them.
    nonisolated(unsafe) fileprivate static weak var active: EditLineReader?

    fileprivate static func from(_ editLine: OpaquePointer) -> EditLineReader? {
        active
    }

    /// libedit keeps megabytes of buffers on the stack: far more than a Swift concurrency
    /// thread has, so each read runs on a thread of its own with a large stack.
    package func readLine(prompt: String) async -> LineInput {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: readLineOnThisThread(prompt: prompt))
            }
            thread.stackSize = 32 << 20
            thread.start()
        }
    }

    private func readLineOnThisThread(prompt: String) -> LineInput {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        wasInterrupted = false
        var count: Int32 = 0
        Self.startEditing()
        _ = EditLineSignals.setEditing(true)
        defer {
            let left = EditLineSignals.setEditing(false)
            if !left.isEmpty {
                fputs(left.joined(), stepwise_stdout())
                fflush(stepwise_stdout())
            }
        }
        var raw = el_gets(editLine, &count)
        while let text = suspendedText {
            suspendedText = nil
            fflush(stepwise_stdout())
            // raise stops the process before it returns (kill(0, ...) could be taken by another
            // thread while this one went back into el_gets); it returns after `fg`, or at once when
            // no shell does job control, where the kernel discards the stop. This thread inherited
            // the signal mask of a concurrency thread, which blocks SIGTSTP.
            var stop = sigset_t()
            sigemptyset(&stop)
            sigaddset(&stop, SIGTSTP)
            pthread_sigmask(SIG_UNBLOCK, &stop, nil)
            raise(SIGTSTP)
            EditLineSignals.awaitContinue()
            if !text.isEmpty { el_push(editLine, text) }
            Self.startEditing()
            raw = el_gets(editLine, &count)
        }
        if wasInterrupted {
            fputs("^C\n", stepwise_stdout())
            fflush(stepwise_stdout())
            return .interrupted
        }
        guard let raw, count > 0 else {
            fputs("\n", stepwise_stdout())
            return .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Prints output that arrives while the learner may be typing (a live program's), above the
    /// line being edited.
    package func printAbove(_ text: String) {
        if EditLineSignals.postAbove(text) { return }
        fputs(text, stepwise_stdout())
        fflush(stepwise_stdout())
    }

    package func addHistory(_ line: String) {
        guard !line.trimmingCharacters(in: " ").isEmpty else { return }
        stepwise_history_enter(history, line)
        if let historyFile { stepwise_history_save(history, historyFile) }
    }

    /// Completes the word before the cursor; lists the choices when there are several.
    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let completer else { return UInt8(CC_ERROR) }
        let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.cursor - info.buffer), as: UTF8.self)
        let word = String(before.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
        let choices = completer(before)
        guard !choices.isEmpty else { return UInt8(CC_ERROR) }
        let common = choices.dropFirst().reduce(choices[0]) { $0.commonPrefix(with: $1) }
        if common.count > word.count {
            let insertion = String(common.dropFirst(word.count)) + (choices.count == 1 ? " " : "")
            el_insertstr(editLine, insertion)
            return UInt8(CC_REFRESH)
        }
        if choices.count == 1 {
            el_insertstr(editLine, " ")
            return UInt8(CC_REFRESH)
        }
        // Choices include lesson ids, read from lesson files.
        let width = TerminalSize.current()?.columns ?? TerminalCapabilities.minimumWidth
        fputs("\n" + Wrapping.list(choices, width: width).joined(separator: "\n") + "\n", stepwise_stdout())
        return UInt8(CC_REDISPLAY)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = self
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return text
    }
}
