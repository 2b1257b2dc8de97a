/// How Stepwise writes a duration, in one place: the tutor, the presenter, handouts and the
/// timeline must agree on a time they all show.
package enum DurationText {
    package static func value(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// `1.01`: hundredths, as the timeline's axis shows them.
    package static func hundredths(_ duration: Duration) -> String {
        let hundredths = Int((value(duration) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `1.01s`: time stamps and run times.
    package static func stamp(_ duration: Duration) -> String {
        hundredths(duration) + "s"
    }

    /// `30 minutes`, `1 minute`, else as ``limit(_:)``: a long limit as a person says it.
    package static func spoken(_ duration: Duration) -> String {
        let components = duration.components
        guard components.attoseconds == 0, components.seconds >= 60, components.seconds % 60 == 0 else { return limit(duration) }
        let minutes = components.seconds / 60
        return "\(minutes) minute\(minutes == 1 ? "" : "s")"
    }

    /// `10 s`, `0.5 s`: a limit as the learner set it.
    package static func limit(_ duration: Duration) -> String {
        let components = duration.components
        let millis = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if millis % 1000 == 0 { return "\(millis / 1000) s" }
        return "\(Double(millis) / 1000) s"
    }
}
