/// The index page of `stepwise export --all`: one entry per lesson handout, in lesson order.
public struct HandoutIndex: Sendable {
    public struct Entry: Sendable {
        public var title: String
        public var summary: String?
        /// The handout's file name, relative to the index.
        public var link: String

        public init(title: String, summary: String?, link: String) {
            self.title = title
            self.summary = summary
            self.link = link
        }
    }

    public var title: String
    public var entries: [Entry]
    public var producedWith: [String]

    public init(title: String, entries: [Entry], producedWith: [String]) {
        self.title = title
        self.entries = entries
        self.producedWith = producedWith
    }
}
