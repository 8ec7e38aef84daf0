"""The demo's supervisions: the city HĐND's thematic supervision of 2022 (its
five recommendations to phường Xuất Hóa under Nghị quyết 280/NQ-HĐND) and the
article's re-supervision of 24/04/2024 at Xuất Hóa, in full.

The article gives the re-supervision's date, place, head, period, topics,
focal point, shortcomings, causes, proposals and conclusions: those are copied
as they are. It does not give the 2022 supervision's date and members, the
texts and deadlines of the five recommendations, nor any deadline for the
conclusions: those are plausible inventions, flagged ``is_demo`` and shown
with a "minh họa" badge. Idempotent: a supervision that exists is left alone.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from demo import seed
from supervision.choices import FindingKind, MemberRole, RecommendationStatus, SupervisionKind
from supervision.models import Supervision, Topic
from supervision.services import (
    progress_note_add,
    recommendation_create,
    recommendation_verify,
    supervision_record,
)
from wards.choices import Level
from wards.models import BEFORE_REFORM_END, AdministrativeUnit, SupervisingBody

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
RESOLUTION_280 = "Nghị quyết số 280/NQ-HĐND ngày 14/12/2022 của HĐND thành phố Bắc Kạn"
ARTICLE = "backancity.gov.vn, bài “HĐND thành phố Bắc Kạn tổ chức tái giám sát…” của Triệu Biển"

THEMATIC_TITLE = (
    "Giám sát chuyên đề công tác cải cách hành chính trong giải quyết thủ tục hành chính theo mô hình "
    "một cửa liên thông trong các lĩnh vực trên địa bàn thành phố Bắc Kạn"
)
RESUPERVISION_TITLE = "Tái giám sát công tác cải cách hành chính; công tác chuyển đổi số tại phường Xuất Hóa"

# Not in the article: plausible texts for the five recommendations (demo).
NQ280_RECOMMENDATIONS = [
    "Niêm yết công khai, đầy đủ, kịp thời các thủ tục hành chính tại Bộ phận Một cửa và trên Trang thông tin "
    "điện tử của phường.",
    "Đẩy mạnh hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia và thực hiện chứng thực "
    "bản sao điện tử từ bản chính.",
    "Phân công công chức làm đầu mối theo dõi, tổng hợp việc thực hiện kiến nghị của Đoàn giám sát và báo cáo định kỳ.",
    "Thường xuyên rà soát, đánh giá thủ tục hành chính; đề xuất đơn giản hóa những thủ tục còn rườm rà.",
    "Tăng cường tuyên truyền về cải cách hành chính, dịch vụ công trực tuyến và dịch vụ bưu chính công ích đến "
    "các tổ dân phố.",
]
NQ280_PROGRESS = [
    "Đã niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa và trên Trang thông tin điện tử của phường.",
    "Công chức tư pháp – hộ tịch hướng dẫn người dân; năm 2023 chứng thực bản sao điện tử 126/217 hồ sơ.",
    "UBND phường giao công chức Văn phòng – Thống kê làm đầu mối theo dõi, tổng hợp.",
    "Tháng 3/2024 rà soát, đánh giá 16 TTHC, đề xuất đơn giản hóa 3 TTHC, đã gửi thành phố tổng hợp.",
    "Năm 2023 tuyên truyền 15 lượt trên loa truyền thanh, 10 lượt lưu động, 7 buổi tại ngày hội đại đoàn kết "
    "với 582 lượt người tham gia.",
]

# From the article, as the ward and the delegation said them.
RESULTS = [
    "UBND phường Xuất Hóa đã nghiêm túc triển khai thực hiện Nghị quyết số 280/NQ-HĐND, phân công nhiệm vụ cho "
    "cán bộ, công chức bộ phận “Một cửa”, trong đó công chức Văn phòng – Thống kê là đầu mối theo dõi, tổng hợp; "
    "thực hiện 5 nội dung kiến nghị của Đoàn giám sát.",
    "Chỉ số cải cách hành chính của phường xếp thứ 106/108 toàn tỉnh năm 2022, vươn lên thứ 14/108 năm 2023.",
    "Năm 2023: chứng thực bản sao điện tử từ bản chính 126/217 hồ sơ, bằng 58,06%; giải quyết 594 hồ sơ; "
    "tuyên truyền 15 lượt trên loa truyền thanh, 10 lượt lưu động, 7 buổi tại ngày hội đại đoàn kết dân tộc ở "
    "các tổ dân phố với 582 lượt người tham gia.",
    "Quý I/2024: chứng thực bản sao điện tử 22 việc; giải quyết 123 hồ sơ theo hình thức toàn trình và một phần; "
    "dịch vụ công trực tuyến có phát sinh hồ sơ gồm 28 thủ tục thuộc 7 lĩnh vực, 9 thủ tục lĩnh vực tư pháp – hộ "
    "tịch có thanh toán trực tuyến; tháng 3/2024 rà soát, đánh giá 16 TTHC, đề xuất, kiến nghị 3 TTHC.",
    "Chuyển đổi số: 100% cán bộ, công chức được trang bị máy tính và kết nối mạng; 100% công chức bộ phận một "
    "cửa được cấp và sử dụng chứng thư số của Ban Cơ yếu Chính phủ; trên 98% văn bản trao đổi dưới dạng điện tử; "
    "82,05% hồ sơ sức khỏe của người dân được khởi tạo; 2.531 thẻ CCCD gắn chíp; 545 tài khoản định danh điện "
    "tử mức 1, 731 tài khoản mức 2; 803/831 hộ có điện thoại thông minh, 28 hộ chưa có (5 hộ nghèo, 1 hộ cận "
    "nghèo); thanh toán không dùng tiền mặt tiếp tục được duy trì.",
]
SHORTCOMINGS = [
    (
        "Việc thực hiện giải quyết thủ tục hành chính theo mô hình một cửa liên thông qua dịch vụ công trực tuyến "
        "và dịch vụ bưu chính công ích do người dân tự thực hiện tại phường còn hạn chế, không phát sinh hồ sơ "
        "dịch vụ bưu chính công ích.",
        "Do tâm lý và thói quen của công dân lo ngại về sự không thuận tiện khi sử dụng dịch vụ công trực tuyến "
        "nên chỉ muốn đến trực tiếp cơ quan nhà nước để nộp hồ sơ cho yên tâm; địa bàn phường đi lại thuận tiện.",
    ),
    (
        "Có lúc không nhập được thông tin trong giải quyết thủ tục hành chính; mất nhiều thời gian để giải quyết, "
        "xử lý thủ tục hành chính và thanh toán trực tuyến.",
        "Phần mềm Một cửa điện tử, phần mềm Tư pháp – Hộ tịch, hệ thống thanh toán trực tuyến đôi khi còn bị lỗi.",
    ),
]
PROPOSALS = [
    "Hoàn thiện phần mềm điện tử mới.",
    "Mở rộng hình thức thanh toán phí giải quyết thủ tục hành chính qua dịch vụ công bằng nhiều hệ thống ngân "
    "hàng khác nhau (hiện tại địa phương chỉ thanh toán qua tài khoản ngân hàng BIDV, VietinBank và ví MoMo).",
]
CONCLUSIONS = [
    "Quan tâm ban hành kịp thời kế hoạch chỉ đạo triển khai thực hiện nhiệm vụ sau khi nhận được các kết luận, "
    "thông báo giám sát các cấp.",
    "Đảng ủy, UBND phường, nhất là cơ quan thường trực UBND phường chủ động nghiên cứu, nâng cao trình độ chuyên "
    "môn nghiệp vụ để chỉ đạo, điều hành sát sao, toàn diện trong cải cách hành chính và chuyển đổi số.",
    "Bám sát hệ thống văn bản quy phạm pháp luật hiện hành, thường xuyên rà soát các thủ tục hành chính cần tinh "
    "giản theo đúng quy trình, tạo thuận lợi cho người dân, doanh nghiệp thực hiện nhanh, gọn các thủ tục hành "
    "chính.",
]
# Demo follow-up of the conclusions (deadline and progress invented).
CONCLUSION_DEADLINE = datetime.date(2024, 12, 31)
CONCLUSION_PROGRESS = [
    (RecommendationStatus.DONE, "UBND phường ban hành kế hoạch triển khai kết luận tái giám sát (minh họa)."),
    (RecommendationStatus.IN_PROGRESS, "Đã cử 2 công chức tham gia lớp bồi dưỡng chuyển đổi số (minh họa)."),
    None,
]


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ICT)


@transaction.atomic
def load_supervisions() -> int:
    """Create the two supervisions if missing; the number created."""
    body = SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn")
    city = body.unit
    xuat_hoa = AdministrativeUnit.objects.get(level=Level.COMMUNE, code=seed.XUAT_HOA_CODE, valid_to=BEFORE_REFORM_END)
    User = get_user_model()
    team = User.objects.get(username="giamsat")
    clerk = User.objects.get(username="canbo_xuathoa")
    topics = {t.code: t for t in Topic.objects.all()}
    created = 0

    thematic = Supervision.objects.filter(body=body, title=THEMATIC_TITLE).first()
    if thematic is None:
        created += 1
        thematic = supervision_record(
            supervision=Supervision(
                body=body,
                kind=SupervisionKind.THEMATIC,
                title=THEMATIC_TITLE,
                period_start=datetime.date(2021, 1, 1),
                period_end=datetime.date(2022, 6, 30),
                date=datetime.date(2022, 9, 20),
                place="Các phường, xã trên địa bàn thành phố Bắc Kạn",
                resolution=RESOLUTION_280,
                summary=(
                    "Minh họa: bài báo ngày 24/04/2024 chỉ nêu cuộc giám sát chuyên đề này, Nghị quyết số "
                    "280/NQ-HĐND và 5 kiến nghị đối với phường Xuất Hóa. Ngày, thời kỳ giám sát, nội dung và thời "
                    "hạn của các kiến nghị là dữ liệu minh họa."
                ),
                source=ARTICLE,
                is_demo=True,
            ),
            by=team,
            units=list(AdministrativeUnit.objects.under(city).communes()),
            topics=[topics["cchc"], topics["tthc-mot-cua"]],
            members=[],
            findings=[],
        )
        for i, text in enumerate(NQ280_RECOMMENDATIONS, start=1):
            rec = recommendation_create(
                supervision=thematic,
                by=team,
                number=i,
                text=text,
                addressee_unit=xuat_hoa,
                deadline=datetime.date(2023, 6, 30),
                is_demo=True,
                at=at(datetime.date(2022, 12, 14)),
            )
            progress_note_add(
                recommendation=rec,
                by=clerk,
                text=NQ280_PROGRESS[i - 1],
                status=RecommendationStatus.DONE,
                at=at(datetime.date(2023, 6, 15), 8 + i),
            )

    resup = Supervision.objects.filter(body=body, title=RESUPERVISION_TITLE).first()
    if resup is None:
        created += 1
        findings = [{"kind": FindingKind.RESULT, "text": t, "unit": xuat_hoa} for t in RESULTS]
        findings += [
            {"kind": FindingKind.SHORTCOMING, "text": t, "cause": c, "unit": xuat_hoa} for t, c in SHORTCOMINGS
        ]
        findings += [{"kind": FindingKind.PROPOSAL, "text": t, "unit": xuat_hoa} for t in PROPOSALS]
        findings += [{"kind": FindingKind.CONCLUSION, "text": t} for t in CONCLUSIONS]
        resup = supervision_record(
            supervision=Supervision(
                body=body,
                kind=SupervisionKind.RESUPERVISION,
                title=RESUPERVISION_TITLE,
                period_start=datetime.date(2023, 1, 1),
                period_end=datetime.date(2024, 4, 30),
                date=datetime.date(2024, 4, 24),
                place="UBND phường Xuất Hóa",
                follows_up=thematic,
                resolution=RESOLUTION_280,
                unit_focal_point="Công chức Văn phòng – Thống kê",
                summary=(
                    "Tái giám sát việc thực hiện các kiến nghị sau đợt giám sát chuyên đề của HĐND thành phố về "
                    "cải cách hành chính trong giải quyết thủ tục hành chính theo mô hình một cửa liên thông, và "
                    "công tác chuyển đổi số của phường từ tháng 01/2023 đến hết tháng 4/2024."
                ),
                source=ARTICLE,
            ),
            by=team,
            units=[xuat_hoa],
            topics=[topics["cchc"], topics["chuyen-doi-so"]],
            members=[
                {"name": "Lê Đăng Trưởng", "position": "Phó Chủ tịch HĐND thành phố Bắc Kạn", "role": MemberRole.HEAD}
            ],
            findings=findings,
        )
        for rec in thematic.recommendations.order_by("number"):
            recommendation_verify(
                recommendation=rec,
                by=team,
                status=RecommendationStatus.DONE,
                note="Phường báo cáo đã thực hiện; Đoàn tái giám sát ghi nhận.",
                supervision=resup,
                at=at(datetime.date(2024, 4, 24), 10),
            )
        for i, text in enumerate(CONCLUSIONS, start=1):
            rec = recommendation_create(
                supervision=resup,
                by=team,
                number=i,
                text=text,
                addressee_unit=xuat_hoa,
                deadline=CONCLUSION_DEADLINE,
                is_demo=True,
                at=at(datetime.date(2024, 4, 24), 11),
            )
            progress = CONCLUSION_PROGRESS[i - 1]
            if progress:
                progress_note_add(
                    recommendation=rec,
                    by=clerk,
                    status=progress[0],
                    text=progress[1],
                    at=at(datetime.date(2024, 9, 10), 8 + i),
                )
    return created
