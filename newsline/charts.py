"""Server-drawn SVG charts (no script, no CDN): the positions a template
needs to draw bars or a line, scaled into a fixed viewBox. Used by the
membership reports (bars) and the desk's blog analytics (a line)."""

from dataclasses import dataclass
from datetime import datetime

# Room above the tallest value so it never touches the top edge.
HEADROOM = 20


def _top(values) -> float:
    return max(values, default=0) or 1


@dataclass
class Bar:
    label: str
    value: float
    text: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


def bar_chart(bars: list[Bar], *, width=640, height=180, gap=4) -> dict:
    """Positions for a bar chart, bars side by side, tallest HEADROOM below the top."""
    top = _top(b.value for b in bars)
    slot = width / max(len(bars), 1)
    for i, b in enumerate(bars):
        b.height = round(b.value / top * (height - HEADROOM), 1)
        b.width = round(max(slot - gap, 1), 1)
        b.x = round(i * slot, 1)
        b.y = round(height - b.height, 1)
    return {"bars": bars, "width": width, "height": height}


def line_chart(points: list[tuple[datetime, float]], *, width=640, height=180) -> dict:
    """A line over time: x by the time between the first point and the last,
    y by value (0 at the bottom). `points` are (when, value), oldest first.
    Returns the viewBox size, the polyline's "x,y x,y …" and the top value."""
    top = _top(v for _, v in points)
    if not points:
        return {"width": width, "height": height, "polyline": "", "top": 0}
    start, end = points[0][0], points[-1][0]
    span = (end - start).total_seconds() or 1
    coords = []
    for when, value in points:
        # A single point is drawn at the start; a flat line needs two.
        x = (when - start).total_seconds() / span * width
        y = height - value / top * (height - HEADROOM)
        coords.append(f"{round(x, 1)},{round(y, 1)}")
    if len(coords) == 1:
        coords.append(f"{width},{coords[0].split(',')[1]}")
    return {"width": width, "height": height, "polyline": " ".join(coords), "top": top}
