"""Bar charts drawn on the server as inline SVG: a few hundred bytes each, no script, no style
attribute (the CSP forbids them; colours come from classes in static/app.css). Every bar has its
number beside it and the chart's <title> lists them all, so it reads without colour or sight."""

from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH = 320
ROW = 32  # a label line above a bar, per row
COLUMNS_WIDTH = 380  # wider: the month labels come out smaller
MOST_ROWS = 8


def _folded(bars, most: int):
    """The first `most - 1` bars and one "Lainnya" bar for the rest, when there are more."""
    if len(bars) <= most:
        return list(bars)
    from mtu.dashboard.services import Bar

    return [*bars[:most - 1], Bar(_("Lainnya"), sum(bar.value for bar in bars[most - 1:]))]


def _title(title: str, bars) -> str:
    numbers = "; ".join(f"{bar.label} {bar.value}" for bar in bars)
    if not bars:
        numbers = _("belum ada data")  # not inside the f-string: pybabel would not see it
    return f"{title}: {numbers}"


def _open(name: str, title: str, bars, width: int, height: int) -> str:
    ident = f"chart-{name}"
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}"><title id="{ident}">{escape(_title(title, bars))}</title>')


def bar_chart(name: str, bars, title: str) -> Markup:
    """Horizontal bars, one row each: the label and its number above the bar."""
    bars = _folded(bars, MOST_ROWS)
    if not bars:
        return Markup(f'<p class="muted">{escape(_title(title, bars))}</p>')
    top = max(bar.value for bar in bars) or 1
    head = _open(name, title, bars, WIDTH, ROW * len(bars))
    parts = [head]
    for row, bar in enumerate(bars):
        y = row * ROW
        width = round(WIDTH * bar.value / top) if bar.value else 0
        parts.append(
            f'<text x="0" y="{y + 14}">{escape(bar.label)}</text>'
            f'<text class="n" x="{WIDTH}" y="{y + 14}" text-anchor="end">{bar.value}</text>'
            f'<rect x="0" y="{y + 18}" width="{max(width, 1)}" height="9"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(name: str, bars, title: str) -> Markup:
    """Vertical columns (months): the number above each column, the label below."""
    if not bars:
        return Markup(f'<p class="muted">{escape(_title(title, bars))}</p>')
    height, plot = 130, 90  # label row and number row around the columns
    top = max(bar.value for bar in bars) or 1
    step = COLUMNS_WIDTH / len(bars)
    head = _open(name, title, bars, COLUMNS_WIDTH, height)
    parts = [head]
    for index, bar in enumerate(bars):
        x, tall = index * step, round(plot * bar.value / top)
        middle = round(x + step / 2, 1)
        parts.append(
            f'<rect x="{round(x + 3, 1)}" y="{110 - tall}" width="{round(step - 6, 1)}" '
            f'height="{max(tall, 1)}"/>'
            f'<text class="n" x="{middle}" y="{105 - tall}" text-anchor="middle">{bar.value}'
            f'</text><text x="{middle}" y="126" text-anchor="middle">{escape(bar.label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
