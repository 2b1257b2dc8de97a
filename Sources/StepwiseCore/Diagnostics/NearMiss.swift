/// Finds the closest known word to a misspelled one, for "did you mean" suggestions.
package enum NearMiss {
    /// The candidate with the smallest edit distance, if it is close enough to be a plausible typo.
    package static func bestMatch(for word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        // No one mistypes a word this long, and the distance table grows with the product of
        // the lengths: a 30,000-character word against a long name would take gigabytes.
        guard lowered.count <= longestSuggestible else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate.count <= longestSuggestible {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        // Allow roughly one edit per three characters, at least one: "swfit" -> "swift", "stpe" -> "step".
        let tolerance = max(1, (max(lowered.count, best.candidate.count) + 2) / 3)
        return best.distance <= tolerance ? best.candidate : nil
    }

    static let longestSuggestible = 64

    /// Damerau-Levenshtein (optimal string alignment) distance, so a swap of two letters counts once.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
