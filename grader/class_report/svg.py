"""Histograms as inline SVG: the report is one file that opens from disk, with no script and no
network. Only numbers and fixed labels go into the drawing; every text is escaped anyway."""
from __future__ import annotations

from grader.escape import html_text

WIDTH, HEIGHT = 330, 150
LEFT, BOTTOM, TOP = 28, 24, 14


def histogram(counts: list[int], title: str, *, element_id: str = "") -> str:
    """Bars for ``counts`` over 0..100 % in equal bins, each labelled with its count."""
    bins = len(counts) or 1
    plot_w, plot_h = WIDTH - LEFT - 18, HEIGHT - BOTTOM - TOP
    top = max(counts, default=0) or 1
    bar_w = plot_w / bins
    parts = [f'<svg class="histogram" role="img" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg"'
             + (f' id="{html_text(element_id)}"' if element_id else "") + ">",
             f"<title>{html_text(title)}</title>",
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#555"/>']
    for i, count in enumerate(counts):
        h = plot_h * count / top
        x = LEFT + i * bar_w
        y = TOP + plot_h - h
        low, high = 100 * i // bins, 100 * (i + 1) // bins
        parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                     f'fill="#4a78b5"><title>{low}-{high}%: {count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" font-size="10" '
                         f'text-anchor="middle">{count}</text>')
    for i in range(0, bins + 1, 2):
        x = LEFT + i * bar_w
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle">'
                     f"{100 * i // bins}%</text>")
    parts.append("</svg>")
    return "".join(parts)
