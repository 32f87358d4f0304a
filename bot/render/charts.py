"""The group's charts as one small PNG (matplotlib's Agg renderer, no display needed): attendance
per meeting, usefulness per meeting, methods used; with a text for screen readers.

Uses matplotlib's object API (Figure + FigureCanvasAgg), not pyplot: no global state, so
charts can be drawn on several threads at once.
"""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from bot.render.slack_text import escape
from flows.charts import GroupCharts
from flows.effects import Message
from flows.methods import load_methods
from flows.texts import render

WIDTH, HEIGHT, DPI = 960, 320, 100  # pixels: small enough for a DM and the Home tab
BAR = "#2f5d62"  # the app's colour (manifest.yml)
LINE = "#c26a3d"
DAY = {"nl": "%d-%m", "en": "%d/%m"}


def _method_name(method_id: str, lang: str) -> str:
    method = load_methods().get(method_id)
    return method.name.get(lang) if method else method_id


def _days(charts: GroupCharts, lang: str) -> list[str]:
    zone = ZoneInfo(charts.timezone)
    return [p.start.astimezone(zone).strftime(DAY.get(lang, DAY["en"])) for p in charts.points]


def chart_png(charts: GroupCharts, lang: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    attendance, useful, methods = figure.subplots(1, 3, width_ratios=(1, 1, 1))
    days = _days(charts, lang)
    positions = list(range(len(days)))

    attendance.bar(positions, [p.attendance for p in charts.points], color=BAR)
    attendance.set_title(render(lang, "charts.attendance"), fontsize=10)
    attendance.yaxis.get_major_locator().set_params(integer=True)

    shown = [(x, p.usefulness) for x, p in zip(positions, charts.points, strict=True)
             if p.usefulness is not None]
    if shown:
        useful.plot([x for x, _ in shown], [y for _, y in shown], marker="o", color=LINE)
    useful.set_ylim(0.8, 5.2)
    useful.set_yticks([1, 2, 3, 4, 5])
    useful.set_xlim(-0.5, max(len(days) - 0.5, 0.5))
    useful.set_title(render(lang, "charts.usefulness"), fontsize=10)

    for axes in (attendance, useful):
        axes.set_xticks(positions, days, fontsize=7, rotation=45)
        axes.spines[["top", "right"]].set_visible(False)

    names = [_method_name(m, lang) for m, _ in charts.methods][:6]
    counts = [n for _, n in charts.methods][:6]
    methods.barh(range(len(names)), counts, color=BAR)
    methods.set_yticks(range(len(names)), names, fontsize=7)
    methods.invert_yaxis()
    methods.xaxis.get_major_locator().set_params(integer=True)
    methods.set_title(render(lang, "charts.methods"), fontsize=10)
    methods.spines[["top", "right"]].set_visible(False)

    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def chart_text(charts: GroupCharts, lang: str) -> str:
    """What the picture shows, in words (alt text: screen readers, and when images are off)."""
    days = _days(charts, lang)
    attendance = ", ".join(f"{d}: {p.attendance}" for d, p in zip(days, charts.points,
                                                                  strict=True))
    useful = ", ".join(f"{d}: {p.usefulness:g}" for d, p in zip(days, charts.points, strict=True)
                       if p.usefulness is not None) or render(lang, "charts.none")
    methods = ", ".join(f"{_method_name(m, lang)} {n}" for m, n in charts.methods) or render(
        lang, "charts.none")
    return render(lang, "charts.alt", attendance=attendance, usefulness=useful,
                  methods=methods)[:1900]


def group_charts_file(message: Message) -> tuple[str, str, bytes, str, str]:
    """(filename, title, png, comment, alt text) of the file a coordinator gets."""
    lang, charts = message.language, message.data["charts"]
    title = render(lang, "charts.title", name=charts.group_name)
    comment = render(lang, "charts.comment", name=escape(charts.group_name))
    return "intervisie-charts.png", title, chart_png(charts, lang), comment, chart_text(
        charts, lang)


FILES = {"group_charts": group_charts_file}
