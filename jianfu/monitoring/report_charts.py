"""The report's charts (7.4 asks for tables and charts), drawn from the same figures dict as its tables:
demands by category against the baseline and the quota; refusals, cases, complaints and secondments; and the
monitoring estimate against the hours teachers reported, per term. PNG at 200 dpi for the docx and the pdf.

matplotlib is imported inside the functions (Agg, no pyplot: no global state, safe in threads), so a web
worker that never prints a report never loads it. The CJK font is Debian's fonts-noto-cjk, found by path."""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

DPI = 200
SIZE = (6.2, 3.2)  # inches: 15.7 cm wide, the GB/T 9704 text block (15.6 cm) at the width the documents set
FONT_PLACES = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts"))
FONT_FILE = "NotoSansCJK-Regular.ttc"
COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759")


@dataclass(frozen=True)
class Chart:
    caption: str  # what it shows; the documents number it 图1, 图2...
    png: bytes


@cache
def cjk_font_path() -> str | None:
    """Noto Sans CJK where fonts-noto-cjk installs it (searched below /usr/share/fonts if not there)."""
    for place in FONT_PLACES:
        if (place / FONT_FILE).is_file():
            return str(place / FONT_FILE)
    found = next(Path("/usr/share/fonts").rglob(FONT_FILE), None) if Path("/usr/share/fonts").is_dir() else None
    return str(found) if found else None


def report_charts(figures: dict) -> dict[str, tuple[Chart, ...]]:
    """Section key -> the charts printed under it."""
    return {
        "baseline": (quota_chart(figures),),
        "refusals": (cases_chart(figures),),
        "monitoring": (hours_chart(figures),),
    }


def quota_chart(figures: dict) -> Chart:
    rows = figures["quota"]["rows"]
    series = {
        _("{year}年基数").format(year=figures["quota"]["baseline_year"] or ""): [r["baseline"] for r in rows],
        _("总量上限"): [r["limit"] for r in rows],
        _("已登记"): [r["used"] for r in rows],
    }
    caption = _("各类事项与基数、总量上限（项）")
    return Chart(caption, grouped_bars([r["label"] for r in rows], series, unit=_("项")))


def cases_chart(figures: dict) -> Chart:
    refusals, complaints, away = figures["refusals"], figures["complaints"], figures["secondments"]
    counts = {
        _("学校拒绝"): refusals["refusals"],
        _("违规线索"): refusals["cases"],
        _("收到举报"): complaints["received"],
        _("查实举报"): complaints["substantiated"],
        _("不在岗教师"): away["away"],
        _("无审批离岗"): away["unapproved"],
        _("逾期未返岗"): away["overdue"],
    }
    labels = list(counts) if any(counts.values()) else []
    caption = _("拒绝、违规线索、举报与借用抽调（件、人）")
    return Chart(caption, grouped_bars(labels, {_("数量"): [counts[k] for k in labels]}, unit=_("件/人")))


def hours_chart(figures: dict) -> Chart:
    monitoring = figures["monitoring"]
    terms = [] if monitoring.get("pending") else (monitoring.get("gap") or {}).get("counties", [])
    series = {
        _("登记估计"): [t["estimated"] for t in terms],
        _("实测已登记"): [t["measured_registered"] for t in terms],
        _("实测未登记"): [t["measured_unregistered"] for t in terms],
    }
    caption = _("监测点登记估计与教师实测的外部事项时长（时，按学期）")
    return Chart(caption, grouped_bars([t["label"] for t in terms], series, unit=_("小时")))


def grouped_bars(labels: list[str], series: dict[str, list], *, unit: str) -> bytes:
    """Bars per label, one colour per series; an unknown value (None) leaves its bar out. With no label or
    no value at all, the chart says 无数据 instead of drawing empty axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    path = cjk_font_path()
    font = FontProperties(fname=path) if path else FontProperties()
    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    values = [v for column in series.values() for v in column if v is not None]
    if not labels or not values:
        axes.set_axis_off()
        axes.text(0.5, 0.5, _("无数据"), ha="center", va="center", fontproperties=font, fontsize=18, color="#555")
        return _png(figure)
    width = 0.8 / len(series)
    for index, (name, column) in enumerate(series.items()):
        positions = [i + (index - (len(series) - 1) / 2) * width for i in range(len(labels))]
        shown = [(x, v) for x, v in zip(positions, column, strict=True) if v is not None]
        color = COLORS[index % len(COLORS)]  # fixed per series: a series with no bar keeps its own legend colour
        bars = axes.bar([x for x, _v in shown], [v for _x, v in shown], width=width, label=name, color=color)
        axes.bar_label(bars, fontsize=7)
    axes.set_xticks(range(len(labels)), labels, fontproperties=font, fontsize=8, rotation=20 if len(labels) > 4 else 0)
    axes.set_xlim(-0.5, len(labels) - 0.5)
    axes.set_ylim(0, max(max(values), 1) * 1.15)  # counts start at zero; all zeros still get an axis up to 1
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(unit, fontproperties=font)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        legend_font = FontProperties(fname=path, size=8) if path else FontProperties(size=8)
        axes.legend(prop=legend_font, frameon=False)
    figure.tight_layout()
    return _png(figure)


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
