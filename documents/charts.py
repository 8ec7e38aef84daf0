"""Charts of a document as PNG images (matplotlib's Agg backend, no display;
its bundled DejaVu fonts cover Vietnamese), the same bytes in DOCX and PDF."""

import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

plt.rcParams.update(
    {"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}
)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def rank_chart(unit_name: str, history) -> bytes:
    """Rank by year (1 at the top), the cohort size beside each point."""
    fig, ax = plt.subplots(figsize=(6.0, 2.6))
    years = [r.year for r in history]
    ranks = [r.rank for r in history]
    ax.plot(years, ranks, marker="o", color="#1f4e79")
    for r in history:
        ax.annotate(
            f"{r.rank}/{r.cohort_size}", (r.year, r.rank), textcoords="offset points", xytext=(0, 8), ha="center"
        )
    top = max(r.cohort_size for r in history)
    ax.set_ylim(top + 5, 0)
    ax.set_xticks(years)
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_ylabel("Thứ hạng")
    ax.set_title(f"Thứ hạng chỉ số CCHC của {unit_name} trong tỉnh")
    return _png(fig)


def rates_chart(unit_name: str, labels: list[str], series: list[tuple[str, list[float | None]]]) -> bytes:
    """Grouped bars: each key rate (%) per column of the table."""
    fig, ax = plt.subplots(figsize=(6.0, 2.8))
    n = max(len(series), 1)
    width = 0.8 / n
    for i, (name, values) in enumerate(series):
        xs = [x + i * width - 0.4 + width / 2 for x in range(len(labels))]
        ax.bar(xs, [v or 0 for v in values], width, label=name)
        for x, v in zip(xs, values, strict=True):
            if v is not None:
                ax.text(x, v + 1, f"{v:.2f}".replace(".", ","), ha="center", fontsize=7)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 110)
    ax.yaxis.set_major_locator(MaxNLocator(6))
    ax.set_ylabel("%")
    ax.set_title(f"Một số tỷ lệ của {unit_name} (số liệu đã duyệt)")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False)
    return _png(fig)
