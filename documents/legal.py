"""The legal bases a document cites, with the dates they apply: data, not code
scattered in templates (the law on supervision changed on 01/03/2026). No
article numbers: they changed with the law."""

import datetime

# (first day it applies, last day or None, the sentence)
BASES = [
    (None, None, "Căn cứ Luật Tổ chức chính quyền địa phương;"),
    (
        None,
        datetime.date(2026, 2, 28),
        "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân số 87/2015/QH13;",
    ),
    (
        datetime.date(2026, 3, 1),
        None,
        "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân số 121/2025/QH15;",
    ),
    (
        datetime.date(2022, 9, 12),
        None,
        "Căn cứ Nghị quyết số 594/NQ-UBTVQH15 ngày 12/9/2022 của Ủy ban Thường vụ Quốc hội hướng dẫn hoạt động "
        "giám sát của Hội đồng nhân dân, Thường trực Hội đồng nhân dân, Ban của Hội đồng nhân dân, Tổ đại biểu "
        "Hội đồng nhân dân và đại biểu Hội đồng nhân dân;",
    ),
]


def bases_on(day: datetime.date) -> list[str]:
    return [text for start, end, text in BASES if (start is None or start <= day) and (end is None or day <= end)]
