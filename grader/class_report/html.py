"""The class report as one self-contained HTML page (inline CSS and SVG; no script, no network).

Every string that a submission can influence (names, messages, mistake texts, which quote
what a student's code returned) goes through ``escape.html_text``; ``_e`` below is the only way
text enters the page.
"""
from __future__ import annotations

from grader.class_report import svg
from grader.escape import html_text as _e

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{margin-bottom:.2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}
th,td{padding:.25em .6em;border-bottom:1px solid #e4e4e4;text-align:right}
td{white-space:nowrap} td.l{white-space:normal}
th{background:#f3f5f8} td.l,th.l{text-align:left}
.figs{display:flex;flex-wrap:wrap;gap:1em} figure{margin:0} figcaption{font-size:.9em;color:#444}
.mistake{margin:.3em 0} .count{font-weight:600;display:inline-block;min-width:7em}
.names{color:#555;font-size:.9em} .weak{color:#a33;font-weight:600} .muted{color:#777}
.student{border:1px solid #ddd;border-radius:6px;padding:.4em 1em;margin:.8em 0}
.common{background:#fff3cd;padding:0 .3em;border-radius:3px;font-size:.85em} code{font-size:.95em}
"""


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _num(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _overview(data: dict) -> list[str]:
    t = data["total"]
    out = ["<h2 id='overview'>Overview</h2>", "<table class='overview'>"]
    rows = [("submissions", data["submissions"]),
            ("attempted every exercise", t["complete"]),
            ("full marks", t["full_marks"]),
            ("mean score", f"{_pct(t['mean'])} of {data['max_score']:g} points"),
            ("median score", _pct(t["median"])),
            ("may need help", data["need_help_count"])]
    out += [f"<tr><th class='l'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows]
    out.append("</table>")
    if data["skipped"]:
        out.append("<p class='weak'>Result files that could not be read:</p><ul>")
        out += [f"<li><code>{_e(s)}</code></li>" for s in data["skipped"]]
        out.append("</ul>")
    return out


def _distributions(data: dict) -> list[str]:
    out = ["<h2 id='distribution'>Score distribution</h2>", "<div class='figs'>"]
    parts = [("total", "all chapters", data["total"])] + [
        (t, t, data["by_chapter"][t]) for t in data["chapters"]]
    for key, label, d in parts:
        title = f"{label}: students per 10% band of the score"
        out.append(f"<figure>{svg.histogram(d['counts'], title, element_id='hist-' + key)}"
                   f"<figcaption><b>{_e(label)}</b>: mean {_pct(d['mean'])}, median {_pct(d['median'])}, "
                   f"{d['complete']} of {d['students']} attempted everything</figcaption></figure>")
    out.append("</div>")
    return out


def _items(data: dict) -> list[str]:
    head = ["exercise", "attempted", "passed", "partial", "mean score", "difficulty", "discrimination",
            "error / timeout", "failed public / hidden", "public pass, hidden fail", "unexplained failures"]
    out = ["<h2 id='exercises'>Exercises, hardest first</h2>",
           "<p class='muted'>Rates are of all submissions. Difficulty: the mean fraction of the points "
           "earned (lower is harder). Discrimination: correlation of the exercise's score with the rest of "
           "the score (low or negative: it does not separate strong from weak students). A public pass "
           "with a hidden failure means the public case did not show the student their mistake.</p>",
           "<table class='items'><tr>" + "".join(f"<th class='l'>{h}</th>" if i == 0 else f"<th>{h}</th>"
                                              for i, h in enumerate(head)) + "</tr>"]
    for x in data["exercises"]:
        weak = x["public_pass_hidden_fail"]
        out.append(
            f"<tr><td class='l'><a href='#ex-{_e(x['id'])}'><code>{_e(x['id'])}</code></a></td>"
            f"<td>{_pct(x['attempted_rate'])}</td><td>{_pct(x['passed_rate'])}</td><td>{_pct(x['partial_rate'])}</td>"
            f"<td>{x['mean_score']:.1f} / {x['max_score']:g}</td><td>{_num(x['difficulty'])}</td>"
            f"<td>{_num(x['discrimination'])}</td><td>{x['ended']}</td>"
            f"<td>{x['public_failed']} / {x['hidden_failed']}</td>"
            f"<td{' class=weak' if weak else ''}>{weak}</td><td>{x['unexplained_students']}</td></tr>")
    out.append("</table>")
    return out


def _names(names: list[str]) -> str:
    return f" <span class='names'>— {', '.join(_e(n) for n in names)}</span>" if names else ""


def _mistakes(data: dict) -> list[str]:
    out = ["<h2 id='mistakes'>Most common mistakes</h2>",
           "<p class='muted'>Failed cases grouped by the mistake the grader recognised in them; a student "
           "counts once per mistake. Unexplained failures are those no hint recognised: where a hint "
           "is missing.</p>"]
    for x in data["exercises"]:
        if not x["mistakes"] and not x["unexplained_students"] and not x["public_pass_hidden_fail"]:
            continue
        out.append(f"<section class='exercise' id='ex-{_e(x['id'])}'>"
                   f"<h3><code>{_e(x['id'])}</code></h3><ol class='mistakes'>")
        for m in x["mistakes"]:
            out.append(f"<li class='mistake' data-id='{_e(m['id'])}'><span class='count'>{m['students']} "
                       f"student{'s' if m['students'] != 1 else ''} ({_pct(m['share'])})</span> "
                       f"<span class='text'>{_e(m['text'])}</span> <span class='muted'>[{_e(m['id'])}, "
                       f"{m['cases']} failed cases]</span>{_names(m['names'])}</li>")
        out.append("</ol>")
        if x["unexplained_students"] or x["unexplained_cases"]:
            out.append(f"<p class='unexplained'><b>Unexplained:</b> {x['unexplained_students']} student(s) "
                       f"failed with no recognised mistake; {x['unexplained_cases']} failed case(s) in all had "
                       f"no hint.{_names([u['student'] for u in x['unexplained'] if 'student' in u])}</p>")
            for u in x["unexplained"][:3]:
                out.append(f"<pre class='muted'>{_e(u['message'][:400])}</pre>")
        if x["public_pass_hidden_fail"]:
            out.append(f"<p class='weak'>{x['public_pass_hidden_fail']} student(s) passed every public case "
                       f"and failed a hidden one: the public case is too weak."
                       f"{_names(x['public_pass_hidden_fail_students'])}</p>")
        out.append("</section>")
    return out


def _help(data: dict, anchors: dict[str, str]) -> list[str]:
    if not data["need_help"]:
        return []
    out = ["<h2 id='help'>Students who may need help</h2>", "<table class='help'><tr><th class='l'>student</th>"
           "<th>score</th><th class='l'>why</th></tr>"]
    for s in data["need_help"]:
        anchor = anchors.get(s["name"], "")
        out.append(f"<tr><td class='l'><a href='#{anchor}'>{_e(s['name'])}</a></td>"
                   f"<td>{s['score']:g} / {s['max_score']:g}</td><td class='l'>{_e('; '.join(s['reasons']))}"
                   f"{' (' + _e(', '.join(s['ended'])) + ')' if s['ended'] else ''}</td></tr>")
    out.append("</table>")
    return out


def student_section(s: dict, anchor: str) -> list[str]:
    """One student's section: chapters, and each exercise they did not pass."""
    out = [f"<section class='student' id='{anchor}'><h3>{_e(s['name'])}: "
           f"{s['score']:g} / {s['max_score']:g}</h3><p>"
           + "; ".join(f"{_e(t)} {c['score']:g}/{c['max_score']:g} ({c['passed']} of {c['exercises']} passed)"
                       for t, c in s["chapters"].items()) + "</p><ul>"]
    for item in s["not_passed"]:
        line = f"<li><code>{_e(item['exercise'])}</code>: {_e(item['status'])}, {item['score']:g}/{item['max_score']:g}"
        for m in item["mistakes"]:
            tag = (f" <span class='common'>common: {m['classmates']} classmates too</span>" if m["common"]
                   else (f" <span class='muted'>({m['classmates']} classmate(s) too)</span>"
                         if m["classmates"] else ""))
            line += f"<br>likely mistake: {_e(m['text'])}{tag}"
        if item["unexplained"]:
            line += "<br><span class='muted'>no known mistake recognised</span>"
        out.append(line + "</li>")
    if not s["not_passed"]:
        out.append("<li>every exercise passed</li>")
    out.append("</ul></section>")
    return out


def _document(title: str, body: list[str]) -> str:
    """A page that loads nothing: the policy forbids every fetch and any script."""
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def student_page(s: dict, data: dict, title: str = "Class report") -> str:
    """A page one student may read: their own section and the class's figures, no other name."""
    t = data["total"]
    body = [f"<h1>{_e(title)}: {_e(s['name'])}</h1>",
            f"<p>The class ({data['submissions']} students) scored a mean of {_pct(t['mean'])}, median "
            f"{_pct(t['median'])}. A mistake marked <span class='common'>common</span> was made by many "
            f"classmates too: it is worth a second look at that part of the notes.</p>",
            svg.histogram(t["counts"], "the class's scores, students per 10% band", element_id="hist-total")]
    return _document(f"{title}: {s['name']}", body + student_section(s, "me"))


def page(data: dict, title: str = "Class report") -> str:
    """The whole report."""
    body = [f"<h1>{_e(title)}</h1>",
            f"<p class='muted'>{data['submissions']} submissions, {len(data['exercise_ids'])} exercises in "
            f"{len(data['chapters'])} chapter(s): {_e(', '.join(data['chapters']))}.</p>"]
    anchors = {s["name"]: f"student-{i + 1}" for i, s in enumerate(data["students"])}
    body += _overview(data) + _distributions(data) + _items(data) + _mistakes(data) + _help(data, anchors)
    if data["students"]:
        body.append("<h2 id='students'>Students</h2>")
        for s in data["students"]:
            body += student_section(s, anchors[s["name"]])
    return _document(title, body)
