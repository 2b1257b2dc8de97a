import Foundation
import ProgressStates
import StepwiseCore

// Saves progress through the real ProgressStore, over and over, so a test can kill it at any
// moment and look at what is left on disk; not part of the tutor.
//
//   ProgressWriter PATH [--count N] [--file-size-limit BYTES]
//   ProgressWriter PATH --learner K --count N
//
// It loads PATH (state N, or 0 when there is none), then saves states N+1, N+2, ... and prints
// "saved K" after each save returns. A file it cannot load exits 3; a failed save prints the
// error and exits 1. --file-size-limit sets RLIMIT_FSIZE first, so writing past BYTES fails
// for real, as on a full disk.
//
// With --learner K it is one of several tutors sharing PATH: it moves only through lessons
// `learner-K-0` ... `learner-K-9`, saving after each move (N moves), so that every tutor's
// lessons must survive the others' saves.

/// The value after `name`, removed from `arguments` with it.
func option(_ name: String, in arguments: inout [String]) -> Int? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return Int(arguments[index + 1])
}

func fail(_ message: String, status: Int32) -> Int32 {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return status
}

func run(_ commandLine: [String]) -> Int32 {
    var arguments = Array(commandLine.dropFirst())
    let count = option("--count", in: &arguments)
    let sizeLimit = option("--file-size-limit", in: &arguments)
    guard let path = arguments.first else {
        return fail("usage: ProgressWriter PATH [--count N] [--file-size-limit BYTES]", status: 2)
    }
    if let sizeLimit {
        // Past the limit write(2) fails with EFBIG instead of the process being killed.
        signal(SIGXFSZ, SIG_IGN)
        var limit = rlimit(rlim_cur: rlim_t(sizeLimit), rlim_max: rlim_t(sizeLimit))
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
    }

    let store = ProgressStore(path: path)
    if let learner = option("--learner", in: &arguments) {
        return moveAlong(learner: learner, count: count ?? 1, store: store)
    }
    var current = 0
    switch store.load() {
    case (_, .fresh):
        break
    case (let progress, .loaded):
        current = Int(progress.currentLesson?.dropFirst("state-".count) ?? "") ?? -1
        guard current >= 0, progress == progressState(current) else { return fail("\(path): holds no whole state", status: 3) }
    case (_, .recovered(let movedTo, let reason)):
        return fail("\(path): could not be loaded (\(reason)); moved to \(movedTo)", status: 3)
    }
    var saved = 0
    while count.map({ saved < $0 }) ?? true {
        current += 1
        do {
            try store.save(progressState(current))
        } catch {
            return fail("\(error)", status: 1)
        }
        // Unbuffered: the line is in the pipe the moment the save has returned.
        FileHandle.standardOutput.write(Data("saved \(current)\n".utf8))
        saved += 1
    }
    return 0
}

/// One tutor of several: lesson `learner-K-(m % 10)` reaches step m on move m.
func moveAlong(learner: Int, count: Int, store: ProgressStore) -> Int32 {
    var (progress, _) = store.load()
    for move in 1...max(count, 1) {
        let id = "learner-\(learner)-\(move % 10)"
        progress.currentLesson = id
        progress[lesson: id].step = move
        do {
            try store.save(progress)
        } catch {
            return fail("\(error)", status: 1)
        }
    }
    FileHandle.standardOutput.write(Data("saved \(count)\n".utf8))
    return 0
}

exit(run(CommandLine.arguments))
