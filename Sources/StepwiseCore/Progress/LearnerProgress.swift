/// What a learner has done, keyed by lesson id so edited or reordered lessons keep their place.
public struct LearnerProgress: Sendable, Codable, Equatable {
    public static let currentVersion = 1

    public struct LessonProgress: Sendable, Codable, Equatable {
        /// Index of the step the learner is on (0-based).
        public var step: Int = 0
        public var isCompleted = false
        /// Predictions answered, by "step index": whether the answer matched.
        public var predictions: [String: Bool] = [:]
        /// Exercises solved, by step index.
        public var solvedExercises: Set<Int> = []
        /// Failed `check` attempts per step, so `solution` is offered after three.
        public var failedChecks: [String: Int] = [:]

        public init() {}
    }

    public var version = LearnerProgress.currentVersion
    public var currentLesson: String?
    public var lessons: [String: LessonProgress] = [:]

    public init() {}

    public subscript(lesson id: String) -> LessonProgress {
        get { lessons[id] ?? LessonProgress() }
        set { lessons[id] = newValue }
    }
}
