"""The real figures of phường Xuất Hóa, from the article of 24/04/2024
(../shared/seed/xuat-hoa-facts.md), as quarterly values, each stored with its
origin (digital_metrics.choices.Origin):

- SPLIT: a yearly total of 2023 that the article gives, shared out over the
  quarters by us so that the quarterly pages have something to show. The
  year's sum is the article's; a single quarter's share is illustrative and
  every page marks it so.
- SEED: a figure of Q1/2024 (or "as of 04/2024") exactly as the article gives it.

What the article does not give stays empty: late dossiers of 2023 (so there is
no on-time rate for 2023), how the 123 online dossiers split into fully and
partly online, which procedures they belong to.
"""

from decimal import Decimal

XUAT_HOA_CODE = "01855"
SONG_CAU_CODE = "01837"
CITY_CODE = "058"  # Thành phố Bắc Kạn (district level, until 30/06/2025)
PROVINCE_CODE = "06"  # Tỉnh Bắc Kạn (until 30/06/2025)

SEED_NOTE = (
    "Số liệu thật theo bài báo của Cổng thông tin thành phố Bắc Kạn về buổi tái giám sát ngày 24/04/2024. "
    "Tổng năm 2023 và số liệu Quý I/2024 đúng như bài báo; cách chia tổng năm 2023 theo quý là minh họa; "
    "những gì bài báo không nêu được để trống."
)

# Yearly totals of 2023 split into quarters (each list sums to the article's figure).
XUAT_HOA_2023 = {
    "broadcasts_loudspeaker": [4, 4, 4, 3],  # 15
    "campaigns_mobile": [3, 2, 3, 2],  # 10
    "festival_sessions": [0, 0, 0, 7],  # 7, the festival falls in November
    "festival_participants": [0, 0, 0, 582],  # 582
    "copy_certifications": [52, 55, 58, 52],  # 217
    "copy_certifications_electronic": [25, 30, 35, 36],  # 126 → 58,06%
    # 594 resolved; the article does not say how many were late: a total without its parts.
    "dossiers_resolved": [140, 150, 152, 152],
}

XUAT_HOA_2024_Q1 = {
    "copy_certifications_electronic": 22,
    "dossiers_online": 123,  # "toàn trình và một phần" together: the split is not given
    "procedures_online": 28,  # DVC trực tuyến có phát sinh hồ sơ, as of 04/2024
    "procedure_fields_online": 7,
    "procedures_paid_online": 9,
    "procedures_paid_online_fields": "Tư pháp – Hộ tịch",
    "dossiers_postal": 0,  # none by post: a shortcoming the ward reported
    "procedures_reviewed": 16,
    "procedures_proposed_simplification": 3,
    "staff_computer_rate": Decimal("100"),
    "one_stop_digital_signature_rate": Decimal("100"),
    "electronic_documents_rate": (Decimal("98"), "above"),  # "trên 98%"
    "health_records_rate": Decimal("82.05"),
    "chip_id_cards": 2531,
    "eid_level1": 545,
    "eid_level2": 731,
    "households": 831,
    "households_with_smartphone": 803,
    "households_without_smartphone": 28,
    "poor_households_without_smartphone": 5,
    "near_poor_households_without_smartphone": 1,
    "cashless_payment": "Tiếp tục được duy trì",
    "online_payment_channels": "BIDV, VietinBank, ví MoMo",
}

# The article's other claim about the ranking, kept as it stands: "Cải cách
# hành chính năm 2023 tăng 3 bậc". It cannot be the provincial rank (106 → 14 is
# 92 places) and the article does not say which ranking it means.
RANK_CLAIM_2023 = "Cải cách hành chính năm 2023 tăng 3 bậc"
