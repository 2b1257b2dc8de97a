/// What a learner has done, keyed by lesson id and step key so edited or reordered lessons keep
/// their place, their answers and their marks.
///
/// Version 1 keyed steps by position, which only means something against the lessons: a
/// version-1 file decodes with its positions set aside in ``LessonProgress/legacyPositions``
/// until ``migratePositions(using:)`` maps them to the keys of the steps at those positions.
package struct LearnerProgress: Sendable, Codable, Equatable {
    package static let currentVersion = 2

    package struct LessonProgress: Sendable, Codable, Equatable {
        /// The step the learner is on.
        package var currentStep: StepKey?
        /// Position of that step when it was saved (0-based): where the learner lands when the
        /// step has since been removed or renamed, so they stay near where they were.
        package var step: Int = 0
        package var isCompleted = false
        /// Predictions answered, by step: whether the answer matched.
        package var predictions: [StepKey: Bool] = [:]
        package var solvedExercises: Set<StepKey> = []
        /// Failed `check` attempts per step, so `solution` is offered after three.
        package var failedChecks: [StepKey: Int] = [:]
        /// Version-1 data still waiting for its lesson: saved as it is while the lesson is
        /// missing from the catalog (a broken file, another folder), so nothing is lost.
        package var legacyPositions: LegacyPositions?

        package init() {}

        /// Where the learner is in `lesson`: their step, else the saved position clamped to the
        /// lesson as it is now.
        package func stepIndex(in lesson: Lesson) -> Int {
            if let currentStep, let index = lesson.stepIndex(of: currentStep) { return index }
            return min(max(step, 0), max(lesson.steps.count - 1, 0))
        }

        /// Puts the learner on the step at `index` (clamped to the lesson).
        package mutating func place(at index: Int, in lesson: Lesson) {
            guard !lesson.steps.isEmpty else { return }
            step = min(max(index, 0), lesson.steps.count - 1)
            currentStep = lesson.steps[step].key
        }

        /// Resolves `legacyPositions` against the lesson the positions were counted in. A
        /// position past the end belongs to a step that is gone and is dropped; data already
        /// keyed wins over the legacy data for the same step.
        mutating func migratePositions(in lesson: Lesson) {
            guard let legacy = legacyPositions else { return }
            func key(_ position: Int) -> StepKey? {
                lesson.steps.indices.contains(position) ? lesson.steps[position].key : nil
            }
            for (position, isRight) in legacy.predictions {
                if let key = key(position), predictions[key] == nil { predictions[key] = isRight }
            }
            for (position, count) in legacy.failedChecks {
                if let key = key(position), failedChecks[key] == nil { failedChecks[key] = count }
            }
            for position in legacy.solvedExercises {
                if let key = key(position) { solvedExercises.insert(key) }
            }
            if currentStep == nil { currentStep = key(step) }
            legacyPositions = nil
        }

        enum CodingKeys: String, CodingKey {
            case currentStep, step, isCompleted, predictions, solvedExercises, failedChecks, legacyPositions
        }

        /// Missing fields take their defaults, so a hand-trimmed file still loads.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            currentStep = try container.decodeIfPresent(StepKey.self, forKey: .currentStep)
            step = try container.decodeIfPresent(Int.self, forKey: .step) ?? 0
            isCompleted = try container.decodeIfPresent(Bool.self, forKey: .isCompleted) ?? false
            predictions = try container.decodeIfPresent([StepKey: Bool].self, forKey: .predictions) ?? [:]
            solvedExercises = try container.decodeIfPresent(Set<StepKey>.self, forKey: .solvedExercises) ?? []
            failedChecks = try container.decodeIfPresent([StepKey: Int].self, forKey: .failedChecks) ?? [:]
            legacyPositions = try container.decodeIfPresent(LegacyPositions.self, forKey: .legacyPositions)
        }

        /// A version-1 entry: everything by 0-based position, `predictions` and `failedChecks`
        /// with the position written as a string.
        init(version1 decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            step = try container.decodeIfPresent(Int.self, forKey: .step) ?? 0
            isCompleted = try container.decodeIfPresent(Bool.self, forKey: .isCompleted) ?? false
            var legacy = LegacyPositions()
            for (position, isRight) in try container.decodeIfPresent([String: Bool].self, forKey: .predictions) ?? [:] {
                if let position = Int(position) { legacy.predictions[position] = isRight }
            }
            for (position, count) in try container.decodeIfPresent([String: Int].self, forKey: .failedChecks) ?? [:] {
                if let position = Int(position) { legacy.failedChecks[position] = count }
            }
            legacy.solvedExercises = try container.decodeIfPresent(Set<Int>.self, forKey: .solvedExercises) ?? []
            legacyPositions = legacy
        }
    }

    /// Version-1 progress by 0-based step position, kept until the lesson is there to map it.
    package struct LegacyPositions: Sendable, Codable, Equatable {
        package var predictions: [Int: Bool] = [:]
        package var solvedExercises: Set<Int> = []
        package var failedChecks: [Int: Int] = [:]

        package init() {}
    }

    /// The version the file was written with; a loaded older file is held in the current shape,
    /// and saving always writes `currentVersion`.
    package var version = LearnerProgress.currentVersion
    package var currentLesson: String?
    package var lessons: [String: LessonProgress] = [:]

    package init() {}

    package subscript(lesson id: String) -> LessonProgress {
        get { lessons[id] ?? LessonProgress() }
        set { lessons[id] = newValue }
    }

    /// Where the learner is in `lesson` (see ``LessonProgress/stepIndex(in:)``).
    package func stepIndex(in lesson: Lesson) -> Int {
        self[lesson: lesson.id].stepIndex(in: lesson)
    }

    /// Makes `lesson` the current one, at the step at `index` (clamped to the lesson).
    package mutating func place(lesson: Lesson, at index: Int) {
        currentLesson = lesson.id
        self[lesson: lesson.id].place(at: index, in: lesson)
    }

    /// Whether some version-1 positions still wait for ``migratePositions(using:)``.
    package var hasLegacyPositions: Bool {
        lessons.values.contains { $0.legacyPositions != nil }
    }

    /// Maps version-1 positions to the keys of the steps now at those positions. Call it right
    /// after loading, before the learner moves: positions are counted in the lessons as they
    /// are at the upgrade. A lesson missing from `catalog` keeps its positions for a later run.
    package mutating func migratePositions(using catalog: LessonCatalog) {
        for lesson in catalog.lessons where lessons[lesson.id]?.legacyPositions != nil {
            lessons[lesson.id]?.migratePositions(in: lesson)
        }
    }

    enum CodingKeys: String, CodingKey {
        case version, currentLesson, lessons
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        // A newer file's shape is unknown: only its version is read, and the store moves it aside.
        guard version <= Self.currentVersion else { return }
        currentLesson = try container.decodeIfPresent(String.self, forKey: .currentLesson)
        if version == 1 {
            lessons = try container.decodeIfPresent([String: Version1Entry].self, forKey: .lessons)?.mapValues(\.progress) ?? [:]
        } else {
            lessons = try container.decodeIfPresent([String: LessonProgress].self, forKey: .lessons) ?? [:]
        }
        version = Self.currentVersion
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.currentVersion, forKey: .version)
        try container.encodeIfPresent(currentLesson, forKey: .currentLesson)
        try container.encode(lessons, forKey: .lessons)
    }

    /// Decodes one version-1 lesson entry through ``LessonProgress/init(version1:)``.
    private struct Version1Entry: Decodable {
        var progress: LessonProgress
        init(from decoder: any Decoder) throws {
            progress = try LessonProgress(version1: decoder)
        }
    }
}
