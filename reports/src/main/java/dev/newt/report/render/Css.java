package dev.newt.report.render;

/** The page's style sheet, inline so that the page needs nothing else. */
final class Css {
    static final String STYLE = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1200px;
          padding:0 16px;color:#222;line-height:1.4}
        h1{font-size:1.6em;margin-bottom:4px}
        h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:32px}
        h3{margin-top:20px}
        nav a{margin-right:12px}
        .note,.legend{color:#555;font-size:0.9em}
        .none{color:#777;font-style:italic}
        .warn{background:#fff4ce;border:1px solid #e0b400;padding:4px 16px;margin:12px 0}
        .scroll{overflow:auto;max-width:100%;max-height:85vh}
        table.data thead th{position:sticky;top:0;z-index:1}
        .finding{background:#fde0dd;border:2px solid #d62728;padding:4px 16px;margin:12px 0}
        .figures{font-weight:600}
        .crash code,.note code{overflow-wrap:anywhere}
        table.data,table.grid{border-collapse:collapse;font-size:0.85em;margin:6px 0}
        table.data th,table.data td,table.grid th,table.grid td{border:1px solid #ddd;padding:3px 6px;
          text-align:left;vertical-align:top}
        table.data th{background:#f4f4f4}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        table.grid{width:100%;table-layout:fixed}
        table.grid thead th{overflow-wrap:anywhere;font-size:0.9em}
        table.grid th:first-child{width:110px}
        table.grid tr.total th,table.grid tr.total td{border-top:2px solid #999}
        .bar{display:flex;height:14px;width:100%;min-width:40px;background:#eee;border-radius:2px;overflow:hidden}
        .bar span{display:block;height:100%}
        .cap{font-size:0.8em;color:#444}
        .badge{display:inline-block;white-space:nowrap;padding:0 6px;border-radius:8px;font-size:0.85em;color:#111}
        .swatch{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;opacity:0.6;vertical-align:middle}
        pre.command{background:#f4f4f4;padding:8px;overflow-x:auto;white-space:pre-wrap}
        .chart svg{max-width:100%;height:auto}
        .timeline{border-top:1px dashed #ccc;margin-top:16px}
        footer{margin-top:32px;color:#666;font-size:0.85em}
        """;

    private Css() {
    }
}
