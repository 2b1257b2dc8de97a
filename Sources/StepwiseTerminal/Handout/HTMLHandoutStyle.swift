/// The handout's style sheet, inlined into every page so a handout is one file that needs
/// nothing from a network: system fonts only, no images.
enum HTMLHandoutStyle {
    static let css = """
        :root { --text: #1f2328; --muted: #59636e; --rule: #d1d9e0; --code: #f6f8fa; --output: #fbfaf5; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--text); background: #fff;
          font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
        h2 { font-size: 1.45rem; margin: 2.5rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
        h3, h4 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
        p.summary { font-size: 1.1rem; color: var(--muted); margin: 0 0 1rem; }
        p.colophon { font-size: .9rem; color: var(--muted); border-left: 3px solid var(--rule); padding-left: .75rem; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; }
        :not(pre) > code { font-size: .9em; background: var(--code); padding: .1em .3em; border-radius: 4px; }
        pre { font-size: 13.5px; line-height: 1.45; margin: .25rem 0 1rem; padding: .75rem 1rem; border-radius: 6px;
          border: 1px solid var(--rule); background: var(--code);
          white-space: pre-wrap; overflow-wrap: anywhere; break-inside: avoid; page-break-inside: avoid; }
        pre.output { background: var(--output); border-left: 4px solid #9a8f6a; }
        pre.trace { background: var(--output); border-left: 4px solid #6f5bb5; }
        p.label { margin: 1rem 0 0; font-size: .85rem; font-weight: 600; color: var(--muted); }
        .aside { border-left: 3px solid var(--rule); padding-left: 1rem; margin: 1rem 0; }
        .aside > p.aside-title { font-weight: 600; margin: 0 0 .5rem; }
        .exercise { border: 1px solid var(--rule); border-radius: 8px; padding: .25rem 1rem .75rem; margin: 1rem 0; }
        .reference { font-style: italic; color: var(--muted); }
        .comparison { margin: 0 0 1rem; }
        p.verdict { color: #1a7f37; }
        blockquote { margin: 1rem 0; padding: 0 1rem; color: var(--muted); border-left: 4px solid var(--rule); }
        .kw { color: #a0207e; font-weight: 600; }
        .str { color: #1a7f37; }
        .num { color: #9a5b00; }
        .com { color: #6e7781; font-style: italic; }
        .typ { color: #0550ae; }
        .attr { color: #953800; }
        .t { color: #6e7781; }
        .err { color: #b35900; }
        .val { color: #1a7f37; font-weight: 600; }
        .end { color: #8250df; font-weight: 600; }
        .note { color: #59636e; }
        .fail { color: #cf222e; font-weight: 600; }
        @media print {
          @page { margin: 16mm 14mm; }
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          body, pre, code, blockquote, .note, .t, .reference, p.label, p.summary, p.colophon, p.verdict,
          .kw, .str, .num, .com, .typ, .attr, .err, .val, .end, .fail { color: #000 !important; background: #fff !important; }
          pre { font-size: 9pt; border-color: #888; }
          pre.output, pre.trace { border-left-color: #000; }
          .com, .note, .t { font-style: italic; }
          h2, h3, p.label { break-after: avoid; page-break-after: avoid; }
          a { color: #000; }
        }
        """
}
