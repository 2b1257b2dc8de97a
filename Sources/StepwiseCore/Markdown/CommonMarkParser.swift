import CCmark

/// Parses Markdown with cmark (the CommonMark reference parser) into `MarkdownBlock`s.
package struct CommonMarkParser {
    package var file: String

    package init(file: String) {
        self.file = file
    }

    /// - Parameter text: the Markdown, with any front matter already blanked out so lines keep their numbers.
    package func parse(_ text: String, diagnostics: inout [Diagnostic]) -> [MarkdownBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let document = text.withCString({ cmark_parse_document($0, text.utf8.count, CMARK_OPT_DEFAULT) }) else {
            diagnostics.append(.error(at: SourceLocation(file: file, line: 1), "the Markdown parser could not read this file"))
            return []
        }
        defer { cmark_node_free(document) }
        var converter = Converter(file: file, lines: lines)
        let blocks = converter.blocks(under: document)
        diagnostics += converter.diagnostics
        return blocks
    }
}

private struct Converter {
    /// Deeper than any lesson nests lists, quotes or emphasis; the Swift side walks the tree
    /// recursively, and a file of 100,000 `>` would otherwise overflow the stack.
    static let maximumDepth = 32

    let file: String
    let lines: [Substring]
    var diagnostics: [Diagnostic] = []
    var depth = 0
    var reportedDepth = false
    /// The line of the block being converted: cmark gives inline nodes no position.
    var blockLine = 1

    init(file: String, lines: [Substring]) {
        self.file = file
        self.lines = lines
    }

    mutating func blocks(under parent: OpaquePointer) -> [MarkdownBlock] {
        guard enter(parent) else { return [] }
        defer { depth -= 1 }
        var result: [MarkdownBlock] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            if let block = block(node) { result.append(block) }
            child = cmark_node_next(node)
        }
        return result
    }

    mutating func block(_ node: OpaquePointer) -> MarkdownBlock? {
        let line = Int(cmark_node_get_start_line(node))
        if line >= 1 { blockLine = line }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), content: inlines(under: node), line: line)
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(under: node))
        case CMARK_NODE_LIST:
            guard enter(node) else { return nil }
            defer { depth -= 1 }
            var items: [[MarkdownBlock]] = []
            var item = cmark_node_first_child(node)
            while let current = item {
                items.append(blocks(under: current))
                item = cmark_node_next(current)
            }
            return .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                items: items
            )
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(under: node))
        case CMARK_NODE_CODE_BLOCK:
            return .code(codeBlock(node, line: line))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        case CMARK_NODE_HTML_BLOCK:
            return .html(string(cmark_node_get_literal(node)))
        default:
            return nil
        }
    }

    mutating func codeBlock(_ node: OpaquePointer, line: Int) -> CodeBlock {
        let column = Int(cmark_node_get_start_column(node))
        let location = SourceLocation(file: file, line: line, column: max(column, 1))
        var code = string(cmark_node_get_literal(node))
        if code.hasSuffix("\n") { code.removeLast() }
        let fence = openingFence(atLine: line, column: column, literal: code)
        if let fence, !hasClosingFence(node, fence: fence) {
            diagnostics.append(
                .error(
                    at: location,
                    "code block is never closed: add a line of \(fence.character == "`" ? String(repeating: "`", count: fence.length) : String(repeating: "~", count: fence.length)) after it"
                ))
        }
        let isFenced = fence != nil
        let info = InfoString(parsing: isFenced ? string(cmark_node_get_fence_info(node)) : "")
        var infoStart = location
        if let fence { infoStart.column = infoColumn(atLine: line, fenceColumn: column, fenceLength: fence.length) }
        let role = CodeRoleClassifier.classify(info, at: infoStart, into: &diagnostics)
        return CodeBlock(info: info, role: role, code: code, location: location)
    }

    /// The fence character and length of a fenced block, `nil` for an indented one (cmark
    /// 0.30 exposes neither). The fence starts at the block's byte column, after any `>` or
    /// list marker of the containers around it.
    func openingFence(atLine line: Int, column: Int, literal: String) -> (character: Character, length: Int)? {
        guard line >= 1, line - 1 < lines.count, column >= 1 else { return nil }
        let bytes = lines[line - 1].utf8.dropFirst(column - 1)
        guard let first = bytes.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return nil }
        let run = bytes.prefix(while: { $0 == first }).count
        guard run >= 3 else { return nil }
        // An indented block whose code starts with backticks keeps that line as its first
        // line of code; a fenced block keeps its opening line out of the code.
        let fenceLine = String(decoding: bytes, as: UTF8.self).trimmingTrailingWhitespace()
        if !literal.isEmpty, literal.prefix(while: { $0 != "\n" }).trimmingTrailingWhitespace() == fenceLine { return nil }
        return (Character(Unicode.Scalar(first)), run)
    }

    /// Where the info string begins: after the fence, however long, and the blanks cmark skips.
    func infoColumn(atLine line: Int, fenceColumn: Int, fenceLength: Int) -> Int {
        let afterFence = lines[line - 1].utf8.dropFirst(fenceColumn - 1 + fenceLength)
        let blanks = afterFence.prefix(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }).count
        return fenceColumn + fenceLength + blanks
    }

    /// cmark lets an unclosed fence run to the end of the file; an author almost never means that.
    func hasClosingFence(_ node: OpaquePointer, fence: (character: Character, length: Int)) -> Bool {
        let endLine = Int(cmark_node_get_end_line(node))
        let startLine = Int(cmark_node_get_start_line(node))
        guard endLine > startLine, endLine - 1 < lines.count else { return false }
        let last = lines[endLine - 1].drop(while: { $0 == " " || $0 == "\t" || $0 == ">" })
        let run = last.prefix(while: { $0 == fence.character })
        return run.count >= fence.length && last.dropFirst(run.count).allSatisfy(\.isWhitespace)
    }

    /// One level deeper, or `false` (reported once) past `maximumDepth`; the content below is left out.
    mutating func enter(_ node: OpaquePointer) -> Bool {
        guard depth < Self.maximumDepth else {
            if !reportedDepth {
                reportedDepth = true
                let nodeLine = Int(cmark_node_get_start_line(node))
                let line = nodeLine >= 1 ? nodeLine : blockLine
                let column = nodeLine >= 1 ? max(1, Int(cmark_node_get_start_column(node))) : 1
                diagnostics.append(
                    .error(
                        at: SourceLocation(file: file, line: line, column: column),
                        "lists, quotes or emphasis are nested more than \(Self.maximumDepth) deep here; the deeper content is left out"
                    ))
            }
            return false
        }
        depth += 1
        return true
    }

    mutating func inlines(under parent: OpaquePointer) -> [MarkdownInline] {
        guard enter(parent) else { return [] }
        defer { depth -= 1 }
        var result: [MarkdownInline] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT: result.append(.text(string(cmark_node_get_literal(node))))
            case CMARK_NODE_CODE: result.append(.code(string(cmark_node_get_literal(node))))
            case CMARK_NODE_EMPH: result.append(.emphasis(inlines(under: node)))
            case CMARK_NODE_STRONG: result.append(.strong(inlines(under: node)))
            case CMARK_NODE_LINK: result.append(.link(content: inlines(under: node), destination: string(cmark_node_get_url(node))))
            case CMARK_NODE_IMAGE: result.append(.image(alt: inlines(under: node), source: string(cmark_node_get_url(node))))
            case CMARK_NODE_SOFTBREAK: result.append(.softBreak)
            case CMARK_NODE_LINEBREAK: result.append(.lineBreak)
            case CMARK_NODE_HTML_INLINE: result.append(.html(string(cmark_node_get_literal(node))))
            default: break
            }
            child = cmark_node_next(node)
        }
        return result
    }

    func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
