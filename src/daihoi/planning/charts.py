"""The dashboard's charts, drawn by pygal as SVG on the server.

Pages show them as images (``<img src="data:image/svg+xml;base64,…">``), so
the page's Content-Security-Policy is untouched: an image runs no script and
loads nothing. Besides, pygal's tooltip script and its inline ``style``
attributes are taken out of the SVG; its own ``<style>`` sheet stays inside
the image. Every figure drawn is also in a table under the chart, where it
links to the units behind it.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from typing import Any

import pygal
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pygal.style import Style

from daihoi.planning import progress as rules
from daihoi.planning.progress import Stage

STAGE_COLORS = {
    Stage.NOT_SCHEDULED: "#b8bfca",
    Stage.SCHEDULED: "#7aa6d6",
    Stage.HELD: "#e0a33a",
    Stage.REPORTED: "#8e6cc0",
    Stage.APPROVED: "#3f9b5a",
}
LINE_COLORS = ("#b3121f", "#1f5fa8", "#3f9b5a", "#8e6cc0", "#e0a33a", "#4d5560")


def _style(colors: Sequence[str]) -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1d2430",
        foreground_strong="#1d2430",
        foreground_subtle="#8a93a3",
        opacity=".9",
        opacity_hover="1",
        colors=tuple(colors),
        font_family='"Noto Sans", "DejaVu Sans", sans-serif',
        title_font_size=15,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=12,
        value_font_size=11,
    )


def _no_script(root: Any) -> Any:
    """Drop pygal's scripts and inline style attributes: the image needs neither."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    for node in root.iter():
        if "style" in node.attrib:
            del node.attrib["style"]
    return root


def _config(**kw: Any) -> dict[str, Any]:
    return {
        "js": [],
        "width": 760,
        "height": 340,
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "truncate_legend": -1,
        "truncate_label": -1,
        "margin": 12,
        **kw,
    }


def _percent_label(value: float | None) -> str:
    """33,3% in Vietnamese, 33.3% in English: the reader's decimal mark."""
    if value is None:
        return ""
    digits = 0 if float(value).is_integer() else 1
    return number_format(round(value, digits), decimal_pos=digits) + "%"


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def status_chart(levels: Sequence[Any], stage_labels: dict[Stage, str]) -> str:
    """Share of each level's congresses at each stage (100% bars, one a level)."""
    chart = pygal.HorizontalStackedBar(
        **_config(
            style=_style([STAGE_COLORS[s] for s in Stage]),
            title=_("Congresses by level and status (share of units, %)"),
            range=(0, 100),
            height=max(220, 150 + 46 * len(levels)),
            print_values=False,
            y_labels=list(range(0, 101, 20)),
            value_formatter=_percent_label,
            legend_at_bottom_columns=3,
            margin_bottom=34,
        )
    )
    chart.add_xml_filter(_no_script)
    chart.x_labels = [lp.level.name for lp in levels]
    for stage in Stage:
        chart.add(
            str(stage_labels[stage]),
            [100.0 * lp.stages.get(stage.value, 0) / lp.total if lp.total else 0 for lp in levels],
        )
    return str(chart.render(is_unicode=True))


def progress_chart(
    levels: Sequence[Any], held_by_day: dict[int, list[tuple[dt.date, int]]], today: dt.date
) -> str:
    """Share of each level's congresses held, day by day, with each level's deadline as a dot."""
    series: list[tuple[str, list[tuple[dt.date, float]], dict[str, Any], str]] = []
    days: list[dt.date] = [today]
    for i, lp in enumerate(levels):
        color = LINE_COLORS[i % len(LINE_COLORS)]
        total = lp.total or 1
        points: list[tuple[dt.date, float]] = []
        running = 0
        for day, n in held_by_day.get(lp.level.pk, []):
            running += n
            points.append((day, 100.0 * running / total))
        if points:
            points.append((max(today, points[-1][0]), points[-1][1]))
            days.extend(d for d, _v in points)
        series.append(
            (lp.level.name, points, {"show_dots": False, "stroke_style": {"width": 3}}, color)
        )
        if lp.due is not None:
            days.append(lp.due)
            series.append(
                (
                    _("deadline: %s") % lp.level.name,
                    [(lp.due, 100.0)],
                    {"stroke": False, "dots_size": 7},
                    color,
                )
            )
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    step = max(7, span // 8)
    chart = pygal.DateLine(
        **_config(
            style=_style([color for _t, _p, _k, color in series] or LINE_COLORS),
            title=_("Congresses held over time, against the deadlines (share of units, %)"),
            range=(0, 100),
            y_labels=list(range(0, 101, 20)),
            x_value_formatter=lambda d: d.strftime("%d/%m/%y"),
            x_label_rotation=30,
            value_formatter=_percent_label,
            height=420,
            legend_at_bottom_columns=2,
        )
    )
    chart.add_xml_filter(_no_script)
    chart.x_labels = [first + dt.timedelta(days=k) for k in range(0, span + step, step)]
    for title, points, options, _color in series:
        chart.add(title, points, **options)
    return str(chart.render(is_unicode=True))


def structure_chart(figures: rules.Figures, targets: rules.Targets, labels: dict[str, str]) -> str:
    """The reported committees' structure (shares) beside the plan's targets."""
    chart = pygal.Bar(
        **_config(
            style=_style(("#1f5fa8", "#b3121f")),
            title=_("Structure of the new committees against the targets (%)"),
            range=(0, 100),
            height=380,
            y_labels=list(range(0, 101, 20)),
            print_values=True,
            value_formatter=_percent_label,
            legend_at_bottom_columns=2,
        )
    )
    chart.add_xml_filter(_no_script)
    names = ("women", "young", "minority", "renewal")
    chart.x_labels = [str(labels[n]) for n in names]
    actual = {
        "women": figures.share(figures.women),
        "young": figures.share(figures.young),
        "minority": figures.share(figures.minority),
        "renewal": figures.renewal,
    }
    chart.add(_("Reported"), [actual[n] for n in names])
    if targets:
        chart.add(_("Target"), [getattr(targets, n) for n in names])
    return str(chart.render(is_unicode=True))
