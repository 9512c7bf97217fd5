#!/usr/bin/env python3
"""The test execution report: target/test-report/index.html and its Markdown twin report.md.

Reads what the tests recorded (target/test-report/data/*.jsonl, one JSON line per test, written by
com.qwire.mock.testing.report.ReportListener) and the Surefire/Failsafe XML reports (the counts),
writes the report, and prints a summary. Usage: scripts/test_report.py [ROOT]
"""
import datetime
import glob
import html
import shutil
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "target", "test-report")
STEPS_IN_MARKDOWN = 8


def load_tests():
    tests = []
    for path in sorted(glob.glob(os.path.join(OUT, "data", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    tests.append(json.loads(line))
    return tests


def xml_totals():
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for f in glob.glob(ROOT + "/*/target/*-reports/TEST-*.xml") + glob.glob(ROOT + "/*/*/target/*-reports/TEST-*.xml"):
        suite = ET.parse(f).getroot()
        for k in totals:
            totals[k] += int(suite.get(k, 0))
    return totals


def copy_screenshots():
    """The dashboard tests' screenshots (ui-tests/target/screenshots), copied beside the report so that it links them."""
    shots = sorted(glob.glob(os.path.join(ROOT, "*", "target", "screenshots", "*.png")))
    os.makedirs(os.path.join(OUT, "screenshots"), exist_ok=True)
    names = []
    for shot in shots:
        name = os.path.basename(shot)
        shutil.copyfile(shot, os.path.join(OUT, "screenshots", name))
        names.append(name)
    return names


def git_commit():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def outcome(test):
    return {"SUCCESSFUL": "passed", "FAILED": "failed", "ABORTED": "aborted", "SKIPPED": "skipped"}.get(test["status"], test["status"].lower())


def short_class(name):
    return name.rsplit(".", 1)[-1]


def seconds(ms):
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms} ms"


def search_command(reference, log_dir):
    rel = os.path.relpath(log_dir, ROOT) if log_dir else ""
    return f"scripts/search_logs.sh --reference {reference}" + (f" --log-dir {rel}" if rel else "")


def grouped(tests):
    groups = {}
    for t in tests:
        groups.setdefault((t["module"], t["class"]), []).append(t)
    return sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1]))


# ---------------------------------------------------------------------------------------------- HTML

CSS = """
.shots { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin-bottom: 1.5em; }
.shots figure { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px; background: #fff; }
.shots img { width: 100%; height: 160px; object-fit: cover; object-position: top; }
.shots figcaption { font-size: 12px; color: #57606a; }
body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:20px;font-weight:600}
header .meta{color:#aab3c2;font-size:13px}
main{padding:20px 32px;max-width:1200px}
.pills span{display:inline-block;margin:10px 8px 0 0;padding:4px 12px;border-radius:14px;font-weight:600}
.p-passed{background:#e3f5e8;color:#17692e}.p-failed{background:#fde7e7;color:#a01818}.p-skipped{background:#eef0f3;color:#555}
.badge{display:inline-block;min-width:52px;text-align:center;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.b-passed{background:#e3f5e8;color:#17692e}.b-failed,.b-aborted{background:#fde7e7;color:#a01818}.b-skipped{background:#eef0f3;color:#555}
.toolbar{margin:16px 0;display:flex;gap:16px;align-items:center}
.toolbar input[type=search]{flex:1;padding:6px 10px;border:1px solid #c9ced6;border-radius:6px;font-size:14px}
details.class{background:#fff;border:1px solid #dde1e7;border-radius:8px;margin:8px 0}
details.class>summary{padding:10px 14px;cursor:pointer;font-weight:600}
details.class>summary .count{font-weight:400;color:#66707f;margin-left:8px}
.test{border-top:1px solid #eef0f3;padding:8px 14px}
.test .name{font-weight:500}
.test .dur{color:#66707f;font-size:12px;margin-left:6px}
.refs{margin-top:4px;font-size:12px;color:#444}
.refs code{background:#f1f3f6;padding:1px 5px;border-radius:4px;cursor:copy}
table.steps{border-collapse:collapse;margin:6px 0;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;width:100%}
table.steps td,table.steps th{padding:2px 8px;border-bottom:1px solid #f0f1f4;text-align:left;white-space:nowrap}
table.steps td.path{white-space:normal;word-break:break-all}
tr.s2 td.st{color:#17692e}tr.s3 td.st{color:#1b5fa8}tr.s4 td.st{color:#b06000}tr.s5 td.st,tr.s0 td.st{color:#a01818}
tr.last{background:#fff3cd}
.failure{background:#fff6f6;border:1px solid #f3c4c4;border-radius:8px;padding:12px 14px;margin:10px 0}
.failure pre{white-space:pre-wrap;margin:6px 0;font-size:12px;max-height:240px;overflow:auto}
.muted{color:#66707f}
.hidden{display:none}
"""

JS = """
const q=document.getElementById('q'),only=document.getElementById('only');
function apply(){const t=q.value.toLowerCase();document.querySelectorAll('.test').forEach(e=>{
 const show=(!only.checked||e.dataset.outcome!=='passed')&&(!t||e.dataset.text.includes(t));e.classList.toggle('hidden',!show)});
 document.querySelectorAll('details.class').forEach(d=>{const any=d.querySelector('.test:not(.hidden)');d.classList.toggle('hidden',!any);
 if(t||only.checked)d.open=!!any;});}
q.addEventListener('input',apply);only.addEventListener('change',apply);
document.querySelectorAll('.refs code').forEach(c=>c.addEventListener('click',()=>navigator.clipboard&&navigator.clipboard.writeText(c.dataset.cmd)));
"""


def steps_table(test, highlight_last=False):
    steps = test.get("steps", [])
    if not steps:
        return '<div class="muted">No HTTP calls.</div>'
    rows = []
    last = len(steps) - 1 if highlight_last else -1
    for i, s in enumerate(steps):
        cls = f"s{str(s['status'])[0]}" + (" last" if i == last else "")
        rows.append(f'<tr class="{cls}"><td>{i + 1}</td><td>{html.escape(s["method"])}</td><td class="path">{html.escape(s["path"])}</td>'
                    f'<td class="st">{s["status"] or "no answer"}</td><td>{s["durationMs"]} ms</td>'
                    f'<td>{html.escape(s.get("traceId") or "")}</td></tr>')
    dropped = test.get("droppedSteps", 0)
    more = f'<tr><td colspan="6" class="muted">… {dropped} more calls not shown</td></tr>' if dropped else ""
    return ('<table class="steps"><tr><th>#</th><th>method</th><th>path</th><th>status</th><th>time</th><th>trace id</th></tr>'
            + "".join(rows) + more + "</table>")


def references_html(test):
    refs = test.get("references", [])
    if not refs:
        return ""
    chips = " ".join(f'<code title="click to copy the log search" data-cmd="{html.escape(search_command(r, test.get("logDir")))}">{r}</code>'
                     for r in refs[:12])
    more = f' <span class="muted">+{len(refs) - 12} more</span>' if len(refs) > 12 else ""
    return f'<div class="refs">Orders: {chips}{more}</div>'


def failure_html(test):
    after = test.get("failedAfterStep", 0)
    where = f'failed at <b>{html.escape(test.get("failedAt", ""))}</b>'
    step = f", after step {after}" if after else ", before any HTTP call"
    return (f'<div class="failure"><div>{where}{step}</div><pre>{html.escape(test.get("failure", ""))}</pre>'
            + steps_table(test, highlight_last=True) + references_html(test) + "</div>")


def screenshots_html(shots):
    if not shots:
        return ""
    figures = "".join(f'<figure><a href="screenshots/{html.escape(s)}"><img src="screenshots/{html.escape(s)}" alt="{html.escape(s[:-4])}" '
                      f'loading="lazy"></a><figcaption>{html.escape(s[:-4])}</figcaption></figure>' for s in shots)
    return ('<h2>Dashboard screenshots</h2><p class="muted">Taken by the browser tests (DashboardBrowserIT, headless Chromium) '
            f'on this run; click one for the full page.</p><div class="shots">{figures}</div>')


def write_html(tests, counts, duration_ms, shots=()):
    failed = [t for t in tests if outcome(t) in ("failed", "aborted")]
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Qwire Mock — test report</title><style>{CSS}</style></head><body>",
             "<header><h1>Qwire Mock — test execution report</h1>",
             f'<div class="meta">commit {git_commit()} · {datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}'
             f" · {len(tests)} tests in {seconds(duration_ms)} of test time</div></header><main>",
             '<div class="pills">'
             f'<span class="p-passed">{counts["passed"]} passed</span><span class="p-failed">{counts["failed"]} failed</span>'
             f'<span class="p-skipped">{counts["skipped"]} skipped</span></div>',
             '<p class="muted">Each test lists its HTTP calls in order (method, path, status, time, trace id) and the orders it touched. '
             "Click an order reference to copy the command that prints its whole story from the logs "
             "(<code>scripts/search_logs.sh --reference …</code>).</p>"]
    parts.append(screenshots_html(shots))
    if failed:
        parts.append(f"<h2>Failures ({len(failed)})</h2>")
        for t in failed:
            parts.append(f'<h3>{html.escape(short_class(t["class"]))} › {html.escape(t["test"])}</h3>' + failure_html(t))
    parts.append('<div class="toolbar"><input id="q" type="search" placeholder="Filter by test, path, reference or trace id">'
                 '<label><input id="only" type="checkbox"> failures only</label></div>')
    for (module, cls), members in grouped(tests):
        n_failed = sum(1 for t in members if outcome(t) in ("failed", "aborted"))
        total_ms = sum(t["durationMs"] for t in members)
        status = f'<span class="badge b-failed">{n_failed} failed</span>' if n_failed else '<span class="badge b-passed">passed</span>'
        parts.append(f'<details class="class"{" open" if n_failed else ""}><summary>{status} {html.escape(short_class(cls))}'
                     f'<span class="count">{len(members)} tests · {seconds(total_ms)} · {html.escape(module)} · {html.escape(cls)}</span></summary>')
        for t in members:
            o = outcome(t)
            text = " ".join([t["test"], cls] + [s["path"] for s in t.get("steps", [])] + t.get("references", []) + t.get("traceIds", [])).lower()
            body = failure_html(t) if o in ("failed", "aborted") else (
                f'<details><summary class="muted">{len(t.get("steps", []))} HTTP calls</summary>{steps_table(t)}</details>'
                + references_html(t) if t.get("steps") else "")
            skip = f' <span class="muted">({html.escape(t.get("skipReason") or "")})</span>' if o == "skipped" else ""
            parts.append(f'<div class="test" data-outcome="{o}" data-text="{html.escape(text)}"><span class="badge b-{o}">{o}</span> '
                         f'<span class="name">{html.escape(t["test"])}</span><span class="dur">{seconds(t["durationMs"])}</span>{skip}{body}</div>')
        parts.append("</details>")
    parts.append(f"</main><script>{JS}</script></body></html>")
    with open(os.path.join(OUT, "index.html"), "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


# ------------------------------------------------------------------------------------------ Markdown

def md_steps(steps, limit=None):
    shown = steps if limit is None else steps[:limit]
    lines = [f"{i + 1}. `{s['method']} {s['path']}` → {s['status'] or 'no answer'} ({s['durationMs']} ms)"
             + (f", trace `{s['traceId']}`" if s.get("traceId") else "") for i, s in enumerate(shown)]
    if limit is not None and len(steps) > limit:
        lines.append(f"   … and {len(steps) - limit} more (see index.html)")
    return lines


def write_markdown(tests, counts, duration_ms, shots=()):
    failed = [t for t in tests if outcome(t) in ("failed", "aborted")]
    out = ["# Qwire Mock — test execution report", "",
           f"Commit `{git_commit()}`, {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.", "",
           "| passed | failed | skipped | test time |", "|---:|---:|---:|---:|",
           f"| {counts['passed']} | {counts['failed']} | {counts['skipped']} | {seconds(duration_ms)} |", "",
           "Look an order up in the logs with `scripts/search_logs.sh --reference <reference> --log-dir <dir>` "
           "(each test below names its log folder).", ""]
    if failed:
        out += [f"## Failures ({len(failed)})", ""]
        for t in failed:
            out += [f"### {short_class(t['class'])} › {t['test']}", "",
                    f"Failed at `{t.get('failedAt', '')}`" + (f", after step {t['failedAfterStep']}." if t.get("failedAfterStep") else ", before any HTTP call."),
                    "", "```", t.get("failure", "")[:2000], "```", ""]
            out += md_steps(t.get("steps", [])) + [""]
            for r in t.get("references", [])[:12]:
                out.append(f"- `{search_command(r, t.get('logDir'))}`")
            out.append("")
    if shots:
        out += ["## Dashboard screenshots", "", "Taken by the browser tests (DashboardBrowserIT, headless Chromium) on this run:", ""]
        out += [f"- [{s[:-4]}](screenshots/{s})" for s in shots] + [""]
    out += ["## All tests", ""]
    for (module, cls), members in grouped(tests):
        out += [f"### {short_class(cls)} ({module})", "", "| test | result | time | HTTP calls | orders |", "|---|---|---:|---:|---|"]
        for t in members:
            refs = ", ".join(f"`{r}`" for r in t.get("references", [])[:3]) + (" …" if len(t.get("references", [])) > 3 else "")
            out.append(f"| {t['test']} | {outcome(t)} | {seconds(t['durationMs'])} | {len(t.get('steps', []))} | {refs} |")
        out.append("")
        for t in members:
            if t.get("steps") and outcome(t) == "passed":
                out += [f"<details><summary>{t['test']}: {len(t['steps'])} HTTP calls</summary>", ""]
                out += md_steps(t["steps"], STEPS_IN_MARKDOWN) + ["", "</details>", ""]
    with open(os.path.join(OUT, "report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    tests = load_tests()
    totals = xml_totals()
    failed = totals["failures"] + totals["errors"]
    counts = {"passed": totals["tests"] - failed - totals["skipped"], "failed": failed, "skipped": totals["skipped"]}
    duration_ms = sum(t["durationMs"] for t in tests)
    shots = copy_screenshots()
    write_html(tests, counts, duration_ms, shots)
    write_markdown(tests, counts, duration_ms, shots)
    print()
    print("Test summary (unit + integration + contract + browser):")
    print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    recorded = sum(1 for t in tests if t["test"] != "(class set-up)")
    if recorded != totals["tests"]:
        print(f"note: the report recorded {recorded} tests, the Maven reports count {totals['tests']}")
    for t in tests:
        if outcome(t) in ("failed", "aborted"):
            print(f"  FAILED {short_class(t['class'])} › {t['test']} at {t.get('failedAt', '')}")
    print(f"Report: {os.path.relpath(os.path.join(OUT, 'index.html'), ROOT)} (Markdown: {os.path.relpath(os.path.join(OUT, 'report.md'), ROOT)})")


if __name__ == "__main__":
    main()
