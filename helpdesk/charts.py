"""Server-rendered SVG charts for the statistics dashboard: no script, nothing from a third party, they print.

Each chart is an <svg role="img"> named by its <title> and <desc>; the table
next to it is the accessible alternative with every number. Charts have their
natural size in pixels (12 px text); CSS may only shrink them to fit. Labels are
escaped here, so a region or language name can never inject markup.
"""
import math
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe

BAR = "#1f5f99"  # 7:1 against white: bars stay distinct in print and for low vision
INK = "#1b1b1b"
GRID = "#c8c8c8"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
LABEL_CHARACTERS = 28


def attribute(text):
    return escape(str(text), {'"': "&quot;"})


def shorten(text, limit=LABEL_CHARACTERS):
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def nice_step(maximum, ticks=4):
    """A whole, round step (1, 2 or 5 × 10^n) giving about `ticks` grid lines up to maximum."""
    raw = maximum / ticks
    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def _svg(chart_id, title, description, width, height, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{attribute(chart_id)}-title '
        f'{attribute(chart_id)}-desc" {FONT} fill="{INK}">'
        f'<title id="{attribute(chart_id)}-title">{escape(str(title))}</title>'
        f'<desc id="{attribute(chart_id)}-desc">{escape(str(description))}</desc>'
        + "".join(body) + "</svg>"
    )


def column_chart(chart_id, title, description, items):
    """Vertical bars, one per (label, value) in order (months): value above each bar, label below."""
    items = [(str(label), int(value)) for label, value in items]
    left, top, bottom, column = 44, 20, 62, 44
    plot_height = 180
    width = left + max(1, len(items)) * column + 10
    height = top + plot_height + bottom
    maximum = max([value for _label, value in items] + [0])
    step = nice_step(maximum)
    scale_top = step * max(1, math.ceil(maximum / step))
    body = []
    for tick in range(0, scale_top + 1, step):
        y = top + plot_height - plot_height * tick / scale_top
        body.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:,}</text>')
    for index, (label, value) in enumerate(items):
        bar_height = plot_height * value / scale_top
        x = left + index * column + 6
        y = top + plot_height - bar_height
        body.append(
            f'<g><title>{escape(label)}: {value:,}</title>'
            f'<rect x="{x}" y="{y:.1f}" width="{column - 12}" height="{bar_height:.1f}" fill="{BAR}"/>'
            f'<text x="{x + (column - 12) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{value:,}</text>'
            f'<text x="{x + (column - 12) / 2:.1f}" y="{top + plot_height + 14}" text-anchor="end" '
            f'transform="rotate(-45 {x + (column - 12) / 2:.1f} {top + plot_height + 14})">{escape(shorten(label, 12))}</text>'
            "</g>"
        )
    return _svg(chart_id, title, description, width, height, body)


def bar_chart(chart_id, title, description, items):
    """Horizontal bars, one per (label, value) in order: label before the bar, value after it."""
    items = [(str(label), int(value)) for label, value in items]
    label_width, row, top, value_room = 220, 24, 8, 64  # 28 characters of 12 px text fit in 220 px
    plot_width = 280
    width = label_width + plot_width + value_room
    height = top * 2 + max(1, len(items)) * row
    maximum = max([value for _label, value in items] + [0]) or 1
    body = []
    for index, (label, value) in enumerate(items):
        y = top + index * row
        bar_width = plot_width * value / maximum
        body.append(
            f'<g><title>{escape(label)}: {value:,}</title>'
            f'<text x="{label_width - 8}" y="{y + row / 2 + 4:.1f}" text-anchor="end">{escape(shorten(label))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar_width:.1f}" height="{row - 6}" fill="{BAR}"/>'
            f'<text x="{label_width + bar_width + 6:.1f}" y="{y + row / 2 + 4:.1f}">{value:,}</text>'
            "</g>"
        )
    return _svg(chart_id, title, description, width, height, body)
