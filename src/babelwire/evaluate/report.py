"""An HTML report of an evaluation: the figures, and the biggest errors as a confusion view."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any


def write_report(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(data), encoding="utf-8")


def render_report(data: dict[str, Any]) -> str:
    result = data["result"]
    sections = [f"<h1>babelwire evaluation: {html.escape(', '.join(data['files']))}</h1>",
                f"<p>Format {html.escape(data['format'])}, split {html.escape(data['split'])}, "
                f"{html.escape(data['date'])}.</p>", _figures(result)]
    for title, key, parts_key in (("Biggest merges (one predicted story, several gold stories)",
                                   "worst_merges", "gold_stories"),
                                  ("Biggest splits (one gold story, several predicted stories)",
                                   "worst_splits", "predicted_clusters")):
        if result.get(key):
            sections.append(f"<h2>{title}</h2>" + "".join(
                _confusion(error, parts_key) for error in result[key]))
    sections.append("<h2>Settings</h2><pre>"
                    + html.escape(json.dumps(data["settings"], indent=2)) + "</pre>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>babelwire evaluation</title><style>body{font:15px/1.5 system-ui,sans-serif;"
            "max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}table{border-collapse:"
            "collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #bbb;padding:.25rem .6rem;"
            "text-align:left}th{background:#eef}td.n{text-align:right}</style></head><body>"
            + "".join(sections) + "</body></html>\n")


def _figures(result: dict[str, Any]) -> str:
    rows = []
    for name in ("bcubed", "pairwise", "crosslingual_pairwise", "decision"):
        prf = result.get(name)
        if prf:
            cells = "".join(f"<td class=n>{prf[k]:.3f}</td>" for k in ("precision", "recall", "f1"))
            rows.append(f"<tr><th>{name}</th>{cells}</tr>")
    table = ("<table><tr><th>measure</th><th>precision</th><th>recall</th><th>F1</th></tr>"
             + "".join(rows) + "</table>") if rows else ""
    scalars = {k: v for k, v in result.items() if isinstance(v, int | float | str)}
    listing = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                      for k, v in scalars.items())
    return f"{table}<table>{listing}</table>"


def _confusion(error: dict[str, Any], parts_key: str) -> str:
    titles = error.get("gold_titles", {})
    head = html.escape(" / ".join(titles.values()) or str(error))
    cells = "".join(f"<tr><td>{html.escape(str(label))}</td><td>"
                    f"{html.escape(titles.get(str(label), ''))}</td><td class=n>{count}</td></tr>"
                    for label, count in error[parts_key])
    header = "<tr><th>label</th><th>title</th><th>articles</th></tr>"
    return f"<h3>{head}</h3><table>{header}{cells}</table>"
