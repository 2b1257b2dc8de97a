#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CLOCK_MONOTONIC, which the tutor and its children share on one machine: times the child
/// stamps on its messages and times the tutor reads output at are on the same axis, so a
/// loaded tutor that reads late can only lengthen a measured time, never shorten it.
enum MonotonicClock {
    static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    static func now() -> Duration {
        .nanoseconds(nanoseconds())
    }
}
