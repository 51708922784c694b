"""A target's path against its goal, drawn by pygal as SVG for the page (as the dashboard's).

The page shows it as an image (``data:image/svg+xml``), so the strict
Content-Security-Policy is untouched; the DOCX gets the same two paths drawn
by :mod:`daihoi.documents.review_table`.
"""

from __future__ import annotations

import pygal
from django.utils.translation import gettext as _

from daihoi.core import targets as core
from daihoi.planning.charts import _config, _no_script, _style, data_uri
from daihoi.targets.models import Target
from daihoi.targets.wording import num

__all__ = ["data_uri", "paths", "target_chart"]


def paths(
    target: Target, actuals: list[core.Actual]
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    from daihoi.targets.selectors import spec_of

    spec = spec_of(target)
    goal = [(y, float(v)) for y, v in core.goal_path(spec)]
    actual = [(y, float(v)) for y, v in core.actual_path(spec, actuals)]
    return goal, actual


def target_chart(target: Target, actuals: list[core.Actual]) -> str:
    goal, actual = paths(target, actuals)
    years = sorted({y for y, _v in goal} | {y for y, _v in actual})
    chart = pygal.Line(
        **_config(
            style=_style(("#1f5fa8", "#b3121f")),
            title=target.name,
            height=300,
            legend_at_bottom_columns=2,
            value_formatter=lambda v: num(None if v is None else _decimal(v)),
            allow_interruptions=True,
        )
    )
    chart.add_xml_filter(_no_script)
    chart.x_labels = [str(y) for y in years]
    goal_map, actual_map = dict(goal), dict(actual)
    chart.add(
        _("Path to the target"),
        [goal_map.get(y) for y in years],
        stroke_style={"width": 2, "dasharray": "6, 4"},
    )
    chart.add(
        _("Achieved"), [actual_map.get(y) for y in years], stroke_style={"width": 3}, dots_size=4
    )
    return str(chart.render(is_unicode=True))


def _decimal(value: float):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    return Decimal(str(round(value, 2)))
