"""The PAR index part of the demo: example frameworks of Bắc Kạn for 2022 and
2023 and the scores of its 108 commune-level units.

Bắc Kạn's own decision was not found, so the frameworks are EXAMPLES built
from the structures in DOMAIN.md (the ministry's fields, Hà Tĩnh's split of
70 points of criteria and 30 of survey), and say so. Automatic criteria are
computed from the demo's approved quarterly data; the hand-entered scores are
generated for every unit, so the computed ranking is illustrative. What is
real is Xuất Hóa's rank as the article reports the province's results
(106th of 108 in 2022, 14th of 108 in 2023): it is recorded as the official
announced result, beside which the computed one is shown.

Idempotent: a framework that exists is left as it is.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo import seed
from demo.supervision import ARTICLE
from par_index import engine, official, recompute, services, yearly
from par_index.choices import CohortMode, Method, Part, Rule, RunTrigger
from par_index.models import Criterion, Framework, Score, UnitResult
from wards.choices import Level
from wards.models import BEFORE_REFORM_END, AdministrativeUnit

# The article: "xếp thứ 106/108 toàn tỉnh" in 2022, 14/108 in 2023.
XUAT_HOA_RANKS = {2022: 106, 2023: 14}
CENT = Decimal("0.01")

# (code, title, part, max, method, indicator, rule, threshold or steps); a group has max None.
TREE = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", Part.CRITERIA, None),
    ("1.1", "Ban hành và thực hiện kế hoạch CCHC năm", Part.CRITERIA, 3),
    ("1.2", "Báo cáo CCHC định kỳ đầy đủ, đúng hạn", Part.CRITERIA, 2),
    (
        "1.3",
        "Tuyên truyền CCHC trên hệ thống loa truyền thanh",
        Part.CRITERIA,
        3,
        "broadcasts_loudspeaker",
        Rule.STEPS,
        [(4, 1), (8, 2), (12, 3)],
    ),
    ("1.4", "Tự kiểm tra và khắc phục tồn tại sau kiểm tra", Part.CRITERIA, 2),
    ("2", "Cải cách thủ tục hành chính", Part.CRITERIA, None),
    (
        "2.1",
        "Rà soát, đánh giá, đề xuất đơn giản hóa TTHC",
        Part.CRITERIA,
        3,
        "procedures_reviewed",
        Rule.STEPS,
        [(5, 1), (10, 2), (15, 3)],
    ),
    ("2.2", "Công khai TTHC đầy đủ, đúng quy định", Part.CRITERIA, 3),
    ("2.3", "Tỷ lệ hồ sơ giải quyết đúng hạn", Part.CRITERIA, 8, "dossiers_on_time_rate", Rule.PROPORTIONAL, 98),
    (
        "2.4",
        "Tỷ lệ chứng thực bản sao điện tử từ bản chính",
        Part.CRITERIA,
        4,
        "copy_certification_electronic_rate",
        Rule.PROPORTIONAL,
        60,
    ),
    ("2.5", "Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích", Part.CRITERIA, 2),
    ("3", "Cải cách tổ chức bộ máy", Part.CRITERIA, None),
    ("3.1", "Sắp xếp tổ chức, thực hiện quy chế làm việc", Part.CRITERIA, 4),
    ("3.2", "Quản lý, sử dụng biên chế đúng quy định", Part.CRITERIA, 4),
    ("4", "Cải cách chế độ công vụ", Part.CRITERIA, None),
    ("4.1", "Chấp hành kỷ luật, kỷ cương hành chính", Part.CRITERIA, 4),
    ("4.2", "Đánh giá, xếp loại cán bộ, công chức", Part.CRITERIA, 4),
    ("5", "Cải cách tài chính công", Part.CRITERIA, None),
    ("5.1", "Thực hiện cơ chế tự chủ kinh phí hành chính", Part.CRITERIA, 3),
    ("5.2", "Công khai ngân sách, quản lý tài sản công", Part.CRITERIA, 3),
    ("6", "Xây dựng chính quyền điện tử, chính quyền số", Part.CRITERIA, None),
    (
        "6.1",
        "Tỷ lệ hồ sơ trực tuyến toàn trình (mục tiêu NQ 76: 80%)",
        Part.CRITERIA,
        6,
        "dossiers_online_full_rate",
        Rule.PROPORTIONAL,
        80,
    ),
    (
        "6.2",
        "Công chức một cửa được cấp, sử dụng chứng thư số",
        Part.CRITERIA,
        3,
        "one_stop_digital_signature_rate",
        Rule.STEPS,
        [(80, 1), (90, 2), (100, 3)],
    ),
    (
        "6.3",
        "Tỷ lệ văn bản trao đổi dưới dạng điện tử",
        Part.CRITERIA,
        3,
        "electronic_documents_rate",
        Rule.PROPORTIONAL,
        90,
    ),
    ("6.4", "Tỷ lệ hộ có điện thoại thông minh", Part.CRITERIA, 3, "smartphone_household_rate", Rule.PROPORTIONAL, 95),
    ("6.5", "Thanh toán trực tuyến, không dùng tiền mặt", Part.CRITERIA, 3),
    ("7", "Điều tra xã hội học", Part.SURVEY, None),
    ("7.1", "Mức độ hài lòng của người dân, tổ chức", Part.SURVEY, 15),
    ("7.2", "Đánh giá của đại biểu HĐND, cán bộ, công chức", Part.SURVEY, 15),
    ("8", "Điểm thưởng", Part.BONUS, None),
    ("8.1", "Sáng kiến, mô hình CCHC được công nhận", Part.BONUS, 2),
    ("9", "Điểm trừ", Part.PENALTY, None),
    ("9.1", "Cán bộ, công chức vi phạm kỷ luật hành chính trong năm", Part.PENALTY, 5),
]


# The demo account that builds and publishes the example frameworks: the province's appraisal council.
DEMO_PUBLISHER = "thamdinh_snv"


def _province() -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=Level.PROVINCE, code=seed.PROVINCE_CODE, valid_to=BEFORE_REFORM_END)


def _build_2022(province, by) -> Framework:
    framework = services.framework_create(
        province=province,
        by=by,
        year=2022,
        name="Bộ chỉ số CCHC cấp xã tỉnh Bắc Kạn năm 2022 (ví dụ minh họa)",
        basis="Không tìm thấy quyết định của UBND tỉnh Bắc Kạn; cấu trúc theo Bộ chỉ số CCHC "
        "của Bộ Nội vụ (QĐ 876/QĐ-BNV) và cách chia 70 điểm tiêu chí + 30 điểm điều tra (Hà Tĩnh, QĐ 52/2019).",
        is_example=True,
        # The article ranks Xuất Hóa among all 108 units of the province ("106/108 toàn tỉnh").
        cohort_mode=CohortMode.SINGLE,
    )
    groups: dict[str, Criterion] = {}
    for order, row in enumerate(TREE):
        code, title, part, max_points = row[:4]
        c = Criterion(code=code, title=title, part=part, order=order)
        if "." in code:
            c.parent = groups[code.split(".")[0]]
            c.max_points = Decimal(max_points)
        steps = None
        if len(row) > 4:
            indicator, rule, arg = row[4:]
            from digital_metrics.models import Indicator

            c.method, c.rule = Method.AUTOMATIC, rule
            c.indicator = Indicator.objects.get(code=indicator)
            if rule == Rule.PROPORTIONAL:
                c.threshold = Decimal(arg)
            else:
                steps = [(Decimal(v), Decimal(p)) for v, p in arg]
        services.criterion_save(framework=framework, criterion=c, steps=steps, by=by)
        if max_points is None:
            groups[code] = c
    # A group shows the sum of its leaves.
    for code, group in groups.items():
        group.max_points = sum((Decimal(r[3]) for r in TREE if r[0].startswith(code + ".")), Decimal(0))
        group.save(update_fields=["max_points"])
    return framework


def load_par_demo() -> list[Framework]:
    province = _province()
    by = get_user_model().objects.get(username=DEMO_PUBLISHER)
    made = []
    with recompute.enqueue_suppressed(), transaction.atomic():
        # The demo's reports were written approved, without the approval
        # signal that keeps the yearly roll-up: build it from them.
        yearly.rebuild()
        f2022 = Framework.objects.filter(province=province, year=2022).first()
        if f2022 is None:
            f2022 = _build_2022(province, by)
            _scores(f2022)
            services.framework_publish(framework=f2022, by=by)
            made.append(f2022)
        if not Framework.objects.filter(province=province, year=2023).exists():
            f2023 = services.framework_copy(framework=f2022, year=2023, by=by)
            # What a province changes from one year to the next: a higher bar for electronic copies.
            c = f2023.criteria.get(code="2.4")
            c.threshold = Decimal(70)
            services.criterion_save(framework=f2023, criterion=c, by=by)
            _scores(f2023)
            services.framework_publish(framework=f2023, by=by)
            made.append(f2023)
    for framework in made:
        recompute.recompute_all(frameworks=[framework], trigger=RunTrigger.DEMO)
    load_announced_ranks(by)
    return made


# Where the demo read the province's results: the article, not a decision of the province.
ANNOUNCED_SOURCE = "Theo bài báo ngày 24/04/2024 (chưa tìm thấy quyết định công bố của UBND tỉnh)"
ANNOUNCED_AT = datetime.datetime(2024, 4, 24, 12, 0)


def load_announced_ranks(by) -> None:
    """Xuất Hóa's rank as the article reports the province's results, recorded
    as the official announced result of each year (one unit only: the article
    names no other); the article's "tăng 3 bậc" kept beside it as its own,
    unexplained, claim."""
    province = _province()
    unit_note = {
        2022: "Bài báo: “xếp thứ 106/108 toàn tỉnh (năm 2022)”.",
        2023: (
            "Bài báo: “nỗ lực vươn lên xếp vị trí 14/108 toàn tỉnh (năm 2023)”. Cùng câu, bài báo còn viết "
            f"“{seed.RANK_CLAIM_2023}” mà không nói theo bảng xếp hạng nào (từ 106 lên 14 là 92 bậc): "
            "ghi lại như lời của bài báo, chưa giải thích được."
        ),
    }
    for year, rank in XUAT_HOA_RANKS.items():
        framework = Framework.objects.get(province=province, year=year)
        if framework.official_rankings.exists():
            continue
        official.announce(
            framework=framework,
            by=by,
            rows=[official.AnnouncedRow(seed.XUAT_HOA_CODE, rank, 108, note=unit_note[year])],
            decision=ANNOUNCED_SOURCE,
            reference=ARTICLE,
            note="Chỉ có thứ hạng của phường Xuất Hóa, do bài báo nêu; điểm và chỉ số không được nêu.",
            published_at=timezone.make_aware(ANNOUNCED_AT),
        )


def _q(x) -> Decimal:
    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def _scores(framework: Framework) -> None:
    """Generated appraisals for every unit, Xuất Hóa included: the scores are
    illustrative, and so is the ranking computed from them. The ranks the
    article gives are the province's announced results, recorded as the
    official ones (load_announced_ranks), never forced onto the computation."""
    leaves = list(Criterion.objects.filter(framework=framework, method=Method.MANUAL, children__isnull=True))
    engine.compute(framework)  # the units in scope
    unit_ids = list(UnitResult.objects.filter(framework=framework).values_list("unit_id", flat=True))
    units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=unit_ids)}
    _generate(framework, leaves, units)


def _generate(framework, leaves, units) -> None:
    rows = []
    for unit in units.values():
        rng = random.Random(f"par-{framework.year}-{unit.code}")
        level = rng.uniform(0.45, 0.88)  # how well this unit does, this year
        for leaf in leaves:
            if leaf.part == Part.BONUS:
                appraised = leaf.max_points if rng.random() < 0.1 else Decimal(0)
            elif leaf.part == Part.PENALTY:
                appraised = _q(rng.choice([0, 0, 0, 0, 0, 0, 0, 1, 2]))
            else:
                appraised = min(leaf.max_points, _q(float(leaf.max_points) * min(1.0, level * rng.uniform(0.85, 1.15))))
            rows.append(_score(leaf, unit, appraised, rng))
    Score.objects.bulk_create(rows)


def _score(leaf, unit, appraised: Decimal, rng) -> Score:
    if leaf.part == Part.CRITERIA:
        # Wards tend to score themselves a little higher than the appraisal team does.
        self_points = min(leaf.max_points, _q(float(appraised) + float(leaf.max_points) * rng.uniform(0, 0.15)))
        explanation = "Có kế hoạch, báo cáo và văn bản kèm theo (minh họa)."
    else:
        self_points, explanation = None, ""
    return Score(
        criterion=leaf,
        unit=unit,
        self_points=self_points,
        explanation=explanation,
        appraised_points=appraised,
        appraisal_note="Điểm minh họa do hệ thống sinh.",
    )
