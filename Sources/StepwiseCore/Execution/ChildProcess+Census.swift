import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counting a child's processes, to stop a fork loop.
extension ChildProcess {
    /// How often the child's processes are counted: often at first, when a fork loop would
    /// start, then less, as a long-lived stepping session is mostly idle.
    static func censusInterval(at elapsed: Duration) -> Duration {
        elapsed < .seconds(2) ? .milliseconds(100) : .milliseconds(500)
    }

    /// Stops the child when it has more than `maximum` processes running (a fork loop), on a
    /// thread of its own: counting hundreds of processes on a busy machine takes a while,
    /// which must not delay reading output or the time limit.
    func countProcesses(maximum: Int) {
        let clock = ContinuousClock()
        while true {
            let interval = Self.censusInterval(at: clock.now - start)
            Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
            lock.lock()
            let isOver = finalResult != nil || requestedStop != nil
            lock.unlock()
            if isOver { return }
            if LeftoverProcesses.count(under: pid, limit: maximum) > maximum {
                stop(.processLimit(maximum))
                return
            }
        }
    }
}
