"""Bar charts as inline SVG, computed here and drawn by `reports/_bar_chart.svg.html`.

No JavaScript and nothing fetched: the geometry is plain numbers, the labels go through the template's
autoescaping. The same chart serves the PDFs (WeasyPrint draws inline SVG) and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Black and greys: GB/T 9704 wants the text black; the bars stay readable when printed in grey.
FILLS = ("#444444", "#a8a8a8", "#707070", "#d0d0d0")


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # numbers (None counts as 0)
    labels: list[str] | None = None  # what to print at the end of each bar; default the value


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str
    label_x: float
    label_y: float


@dataclass
class Row:
    label: str
    y: float  # baseline of the category label
    bars: list[Bar] = field(default_factory=list)
    href: str = ""


@dataclass
class LegendItem:
    name: str
    x: float
    y: float
    fill: str

    @property
    def text_x(self) -> float:
        return self.x + 14

    @property
    def text_y(self) -> float:
        return self.y + 9


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    rows: list[Row]
    legend: list[LegendItem]
    title: str = ""
    label_x: float = 0  # right edge of the category labels
    axis_x: float = 0
    axis_top: float = 0
    axis_bottom: float = 0
    font_size: float = 11


def bar_chart(
    categories: list[str],
    series: list[Series],
    *,
    title: str = "",
    width: int = 440,
    label_width: int = 130,
    bar_height: int = 12,
    max_value=None,
    hrefs: list[str] | None = None,
    fills: tuple[str, ...] = FILLS,
) -> BarChart:
    """A horizontal bar chart: one row per category, one bar per series in each row."""
    value_room = 70  # for the printed value after the longest bar
    plot_width = max(width - label_width - value_room, 10)
    numbers = [float(v or 0) for s in series for v in s.values]
    top = max([float(max_value or 0), *numbers, 0]) or 1.0
    legend_height = 18 if len(series) > 1 else 0
    group = bar_height * len(series) + 8
    rows: list[Row] = []
    y = legend_height + 4
    for i, category in enumerate(categories):
        row = Row(label=category, y=y + group / 2 + 3, href=(hrefs[i] if hrefs else ""))
        for j, s in enumerate(series):
            value = float(s.values[i] or 0)
            bar_width = round(plot_width * value / top, 2)
            shown = s.labels[i] if s.labels else _plain(s.values[i])
            row.bars.append(
                Bar(
                    x=label_width,
                    y=y + 4 + j * bar_height,
                    width=bar_width,
                    height=bar_height - 2,
                    fill=fills[j % len(fills)],
                    label=shown,
                    label_x=label_width + bar_width + 4,
                    label_y=y + 4 + j * bar_height + bar_height - 3,
                )
            )
        rows.append(row)
        y += group
    legend = [LegendItem(s.name, label_width + k * 110, 4, fills[k % len(fills)]) for k, s in enumerate(series)]
    return BarChart(
        width=width,
        height=int(y + 4),
        label_width=label_width,
        rows=rows,
        legend=legend if len(series) > 1 else [],
        title=title,
        label_x=label_width - 6,
        axis_x=label_width,
        axis_top=legend_height + 2,
        axis_bottom=y + 2,
    )


def _plain(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value}"
    return str(value)
