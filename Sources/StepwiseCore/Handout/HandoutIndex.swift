/// The index page of `stepwise export --all`: one entry per lesson handout, in lesson order.
package struct HandoutIndex: Sendable {
    package struct Entry: Sendable {
        package var title: String
        package var summary: String?
        /// The handout's file name, relative to the index.
        package var link: String

        package init(title: String, summary: String?, link: String) {
            self.title = title
            self.summary = summary
            self.link = link
        }
    }

    package var title: String
    package var entries: [Entry]
    package var producedWith: [String]

    package init(title: String, entries: [Entry], producedWith: [String]) {
        self.title = title
        self.entries = entries
        self.producedWith = producedWith
    }
}
