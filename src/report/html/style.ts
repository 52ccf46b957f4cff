// The HTML report's stylesheet, inlined into the page: system fonts only, nothing fetched.
export const STYLE = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --panel: #f6f8fa; --accent: #0b5cad;
  --critical: #a4001a; --high: #c2410c; --medium: #8a6a00; --low: #1c64b8; --info: #5b6670; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 6px; }
.sub { color: var(--muted); margin: 0; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 10px; padding: 0; margin: 0; list-style: none; }
.figures li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.figures .n { display: block; font-size: 22px; font-weight: 600; }
.figures .k { color: var(--muted); font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
figure .note { color: var(--muted); font-size: 12px; margin: 4px 0 0; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font-size: 11px; fill: var(--fg); }
svg.chart .axis { stroke: var(--line); }
svg.chart .bar { fill: var(--accent); }
svg.chart .bar:hover { opacity: .75; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 8px; }
.controls input[type=search] { min-width: 260px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; }
.controls select { padding: 4px 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; font-size: 10px; }
th[aria-sort=descending] button::after { content: " ▼"; font-size: 10px; }
td.secret { max-width: 280px; overflow-wrap: anywhere; }
button.expander { font: inherit; background: none; border: 1px solid var(--line); border-radius: 4px; cursor: pointer; width: 26px; }
tr.detail > td { background: var(--panel); }
.sev { display: inline-block; padding: 0 6px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); }
.sev-low { background: var(--low); } .sev-info { background: var(--info); }
.place { display: inline-block; padding: 0 5px; margin: 0 3px 2px 0; border: 1px solid var(--line); border-radius: 3px; font-size: 12px; background: var(--bg); }
ul.locs { list-style: none; padding: 0; margin: 4px 0 10px; }
ul.locs li { padding: 6px 0; border-top: 1px dashed var(--line); }
ul.locs .meta { color: var(--muted); font-size: 12px; }
.detail-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 16px; }
ol.plan { padding-left: 28px; }
ol.plan > li { margin-bottom: 14px; }
ol.plan .meta { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
a { color: var(--accent); overflow-wrap: anywhere; }
caption { text-align: left; padding: 4px 0; }
footer { color: var(--muted); font-size: 12px; padding: 24px 20px; }
@media print { .controls, button.expander { display: none; } tr.detail[hidden] { display: table-row; } }
`;
