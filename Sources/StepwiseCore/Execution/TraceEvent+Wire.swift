/// The recorder's JSON for one event: short keys, absolute CLOCK_MONOTONIC nanoseconds.
///
/// `{"e":"b","t":1,"p":0,"k":"addTask","l":12,"at":…,"th":0}` began, `{"e":"x","t":1,"at":…,"th":0}`
/// ended, `{"e":"w","t":1,"l":14,"at":…,"to":…,"th":1}` awaited, `{"e":"n","t":1,"s":"url1"}` labelled.
extension TraceEvent {
    struct Wire: Codable, Hashable {
        var e: String
        var t: Int
        var p: Int?
        var k: String?
        var l: Int?
        var at: Int64?
        var to: Int64?
        var th: Int?
        var s: String?

        init(_ event: TraceEvent, relativeTo time: Int64) {
            func absolute(_ offset: Duration) -> Int64 { time + TraceEvent.nanoseconds(offset) }
            switch event {
            case .began(let task, let parent, let kind, let line, let at, let thread):
                self.init(e: "b", t: task, p: parent, k: kind, l: line, at: absolute(at), th: thread)
            case .ended(let task, let at, let thread):
                self.init(e: "x", t: task, at: absolute(at), th: thread)
            case .awaited(let task, let line, let from, let to, let thread):
                self.init(e: "w", t: task, l: line, at: absolute(from), to: absolute(to), th: thread)
            case .labelled(let task, let label):
                self.init(e: "n", t: task, s: label)
            }
        }

        init(
            e: String, t: Int, p: Int? = nil, k: String? = nil, l: Int? = nil, at: Int64? = nil, to: Int64? = nil,
            th: Int? = nil, s: String? = nil
        ) {
            self.e = e
            self.t = t
            self.p = p
            self.k = k
            self.l = l
            self.at = at
            self.to = to
            self.th = th
            self.s = s
        }

        /// An event the parent does not know becomes a label-less no-op rather than a failure
        /// of the whole batch.
        func event(relativeTo time: Int64) -> TraceEvent {
            func offset(_ value: Int64?) -> Duration { .nanoseconds((value ?? time) - time) }
            switch e {
            case "b": return .began(task: t, parent: p, kind: k ?? "", line: l ?? 0, at: offset(at), thread: th ?? 0)
            case "x": return .ended(task: t, at: offset(at), thread: th ?? 0)
            case "w": return .awaited(task: t, line: l ?? 0, from: offset(at), to: offset(to), thread: th ?? 0)
            default: return .labelled(task: t, label: s ?? "")
            }
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
