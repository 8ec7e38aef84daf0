"""One case per validation rule, tried through the form, the Excel import and
the API (Xuất Hóa, Quý II/2024, a quarter without a report yet)."""

# (rule, values entered, field at fault, words of the message)
RULE_CASES = [
    ("number", {"dossiers_postal": "hai"}, "dossiers_postal", "phải là một số (đã nhập: hai)"),
    ("whole_non_negative", {"dossiers_postal": "-1"}, "dossiers_postal", "phải là số nguyên không âm"),
    ("whole_non_negative", {"campaigns_mobile": "2,5"}, "campaigns_mobile", "phải là số nguyên không âm"),
    ("rate_range", {"health_records_rate": "120"}, "health_records_rate", "phải từ 0 đến 100"),
    (
        "part_lte_whole",
        {"copy_certifications": "217", "copy_certifications_electronic": "300"},
        "copy_certifications_electronic",
        "Hồ sơ chứng thực bản sao điện tử từ bản chính (300) không được lớn hơn "
        "hồ sơ chứng thực bản sao từ bản chính (217).",
    ),
    (
        "parts_sum_to_whole",
        {"households": "831", "households_with_smartphone": "803", "households_without_smartphone": "27"},
        "households",
        "(803 + 27 = 830) phải bằng tổng số hộ dân (831)",
    ),
    (
        "parts_lte_whole",
        {
            "households_without_smartphone": "28",
            "poor_households_without_smartphone": "20",
            "near_poor_households_without_smartphone": "10",
        },
        "households_without_smartphone",
        "(30) không được lớn hơn hộ chưa có điện thoại thông minh (28)",
    ),
]

RULE_IDS = [f"{rule}-{field}" for rule, _values, field, _msg in RULE_CASES]

# Consistent with Xuất Hóa's Quý I/2024, so no history warning.
GOOD_VALUES = {
    "households": "831",
    "households_with_smartphone": "803",
    "households_without_smartphone": "28",
    "copy_certifications": "30",
    "copy_certifications_electronic": "22",
    "chip_id_cards": "2.560",
    "health_records_rate": "83,5",
}
