"""The shapes of the supervision team's overview (dashboards.overview builds
them): the key rates it shows, a unit's row with its cells per rate and per
quarter, the reporting discipline's states, the summary per quarter. Plain data,
cached as it is (core.freshness) and rendered or downloaded as it is.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from digital_metrics.choices import ReportStatus
from digital_metrics.models import Target
from digital_metrics.periods import Quarter

# The online payment rate has counts in the catalogue but no indicator of its
# own: it is computed here by the same rules (summed numerators over summed
# denominators over the quarters that have both).
PAID_ONLINE_RATE = "dossiers_paid_online_rate"


@dataclass(frozen=True)
class KeyRate:
    code: str
    short: str  # the column's header
    numerator: str = ""  # for a rate computed here
    denominator: str = ""


KEY_RATES = [
    KeyRate("dossiers_on_time_rate", _("Đúng hạn")),
    KeyRate("dossiers_online_full_rate", _("Trực tuyến toàn trình")),
    KeyRate(PAID_ONLINE_RATE, _("Thanh toán trực tuyến"), "dossiers_paid_online", "dossiers_received"),
    KeyRate("copy_certification_electronic_rate", _("Chứng thực điện tử")),
    KeyRate("smartphone_household_rate", _("Hộ có điện thoại thông minh")),
    KeyRate("eid_level2", _("Định danh điện tử mức 2")),
]


class Discipline:
    """A unit's quarter, as the team reads it."""

    ON_TIME = "on_time"  # submitted by the deadline
    LATE = "late"  # submitted after it ("nộp muộn"): stays so after approval
    MISSING = "missing"  # the deadline passed, nothing submitted
    NOT_DUE = "not_due"  # not submitted, the deadline still ahead
    UNDATED = "undated"  # approved, but its dates were made up (the demo, a seed): neither on time nor late
    NONE = ""  # the quarter has not begun, or the unit did not exist in it

    LABELS = {
        ON_TIME: _("Đúng hạn"),
        LATE: _("Nộp muộn"),
        MISSING: _("Chưa nộp"),
        NOT_DUE: _("Chưa đến hạn"),
        UNDATED: _("Đã duyệt, không rõ ngày nộp"),
        NONE: "—",
    }
    BADGES = {ON_TIME: "success", LATE: "warning", MISSING: "danger", NOT_DUE: "light", UNDATED: "light", NONE: "light"}


class Review:
    APPROVED = ReportStatus.APPROVED.value
    WAITING = ReportStatus.SUBMITTED.value
    RETURNED = ReportStatus.RETURNED.value


@dataclass
class Cell:
    """One key rate of one unit over the period."""

    value: Decimal | None
    bound: str = ""
    status: str | None = None  # Target.MET, CLOSE, NOT_MET; None without a target or a value
    illustrative: bool = False
    covered: int = 0
    expected: int = 0


@dataclass
class QuarterCell:
    quarter: tuple[int, int]
    state: str
    review: str = ""  # Review.* for a submitted report
    submitted_on: datetime.date | None = None

    @property
    def label(self) -> str:
        return str(Discipline.LABELS[self.state])

    @property
    def badge(self) -> str:
        return Discipline.BADGES[self.state]

    @property
    def is_waiting(self) -> bool:
        return self.review == Review.WAITING

    @property
    def is_returned(self) -> bool:
        return self.review == Review.RETURNED


@dataclass
class Row:
    unit_id: int
    code: str
    name: str
    district: str
    valid_to: datetime.date | None
    index: Decimal | None = None
    band: str = ""
    band_colour: str = "secondary"
    rank: int | None = None
    cohort_size: int | None = None
    rank_official: bool = False
    rank_change: int | None = None
    rates: dict[str, Cell] = field(default_factory=dict)
    quarters: list[QuarterCell] = field(default_factory=list)
    recs_open: int = 0
    recs_overdue: int = 0
    onestop_gaps: int = 0  # approved figures beyond the tolerance from the one-stop system's, over the period

    @property
    def waiting(self) -> int:
        return sum(1 for q in self.quarters if q.is_waiting)

    @property
    def late(self) -> int:
        return sum(1 for q in self.quarters if q.state == Discipline.LATE)

    @property
    def missing(self) -> int:
        return sum(1 for q in self.quarters if q.state == Discipline.MISSING)

    @property
    def on_time(self) -> int:
        return sum(1 for q in self.quarters if q.state == Discipline.ON_TIME)

    @property
    def rate_cells(self) -> list[tuple[str, Cell | None]]:
        return [(k.code, self.rates.get(k.code)) for k in KEY_RATES]

    @property
    def on(self) -> str:
        """The ?on= of a unit that ended (its pages show it as it was)."""
        return self.valid_to.isoformat() if self.valid_to else ""


@dataclass
class QuarterSummary:
    quarter: tuple[int, int]
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_due: int = 0
    undated: int = 0  # approved with made-up dates (the demo)
    waiting: int = 0
    returned: int = 0

    @property
    def label(self) -> str:
        return Quarter(*self.quarter).label


@dataclass
class TargetInfo:
    comparison: str
    value: Decimal
    source: str

    def as_target(self) -> Target:
        return Target(comparison=self.comparison, value=self.value)


@dataclass
class Overview:
    body_id: int
    body_name: str
    year: int
    quarter: int | None
    quarters: list[tuple[int, int]]
    rows: list[Row]
    summaries: list[QuarterSummary]
    targets: dict[str, TargetInfo]
    rate_names: dict[str, str]  # code → the indicator's Vietnamese name (the English one at render)
    rate_names_en: dict[str, str]
    province_code: str = ""
    framework_year: int | None = None
    official_decision: str = ""  # the ranking in force, when one was published or announced
    official_source: str = ""
    computed_at: datetime.datetime | None = None

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def period_label(self) -> str:
        return Quarter(self.year, self.quarter).label if self.quarter else _("Năm %(y)s") % {"y": self.year}

    @property
    def has_official(self) -> bool:
        return bool(self.official_source)
