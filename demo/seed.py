"""The real figures of phường Xuất Hóa, from the article of 24/04/2024
(data/seed/xuat-hoa-facts.md), as quarterly values.

Where the article gives a yearly total, the quarters below are our split and
sum exactly to it; where it gives a total without its parts (123 dossiers
online "toàn trình và một phần"), the split is ours. Everything else the
article does not give is left empty rather than invented.
"""

from decimal import Decimal

XUAT_HOA_CODE = "01855"
SONG_CAU_CODE = "01837"
CITY_CODE = "058"  # Thành phố Bắc Kạn (district level, until 30/06/2025)
PROVINCE_CODE = "06"  # Tỉnh Bắc Kạn (until 30/06/2025)

SEED_NOTE = (
    "Số liệu thật theo bài báo của Cổng thông tin thành phố Bắc Kạn về buổi tái giám sát ngày 24/04/2024. "
    "Tổng năm 2023 và số liệu Quý I/2024 đúng như bài báo; cách chia theo quý là minh họa."
)

# Yearly totals of 2023 split into quarters (each list sums to the article's figure).
XUAT_HOA_2023 = {
    "broadcasts_loudspeaker": [4, 4, 4, 3],  # 15
    "campaigns_mobile": [3, 2, 3, 2],  # 10
    "festival_sessions": [0, 0, 0, 7],  # 7, the festival falls in November
    "festival_participants": [0, 0, 0, 582],  # 582
    "copy_certifications": [52, 55, 58, 52],  # 217
    "copy_certifications_electronic": [25, 30, 35, 36],  # 126 → 58,06%
    "dossiers_resolved_on_time": [137, 148, 151, 152],
    "dossiers_resolved_late": [3, 2, 1, 0],  # resolved: 140 + 150 + 152 + 152 = 594
}

XUAT_HOA_2024_Q1 = {
    "copy_certifications_electronic": 22,
    "dossiers_online_full": 41,
    "dossiers_online_partial": 82,  # 41 + 82 = 123 online
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

# Procedures with online dossiers in Q1/2024: 28 procedures in 7 fields, 9 of
# them (all Tư pháp – Hộ tịch) with fees paid online; their dossiers add up to
# the 123 online dossiers. Four fields are named in the article; Chứng thực,
# Văn hóa cơ sở and Đất đai are our guess for the three it does not name.
# (procedure code, online dossiers, of which paid online)
XUAT_HOA_2024_Q1_PROCEDURES = [
    ("HT-01", 15, 6),
    ("HT-02", 6, 3),
    ("HT-03", 5, 2),
    ("HT-04", 2, 1),
    ("HT-05", 2, 1),
    ("HT-06", 3, 1),
    ("HT-07", 12, 5),
    ("HT-08", 9, 4),
    ("HT-09", 4, 2),
    ("HT-10", 1, 0),
    ("HT-11", 8, 0),
    ("HT-12", 3, 0),
    ("CT-01", 10, 0),
    ("CT-02", 6, 0),
    ("CT-03", 2, 0),
    ("CT-04", 1, 0),
    ("CT-05", 2, 0),
    ("BTXH-01", 5, 0),
    ("BTXH-02", 3, 0),
    ("BTXH-03", 2, 0),
    ("BTXH-04", 4, 0),
    ("NCC-01", 3, 0),
    ("NCC-02", 2, 0),
    ("TDKT-01", 4, 0),
    ("TDKT-02", 2, 0),
    ("VH-01", 3, 0),
    ("VH-02", 1, 0),
    ("DD-02", 3, 0),
]
