"""A context of the shape paper_context gives, without the database: an
uploaded Word template is rendered against it before it is accepted."""

from documents.context import SPECS


def sample_context(kind: str) -> dict:
    spec = SPECS[kind]
    row = {"name": "Hồ sơ đã giải quyết", "unit": "hồ sơ", "cells": ["594", "123"], "code": "x", "section": "x"}
    rec = {
        "number": 1,
        "text": "Kiến nghị",
        "addressee": "UBND phường",
        "deadline": "31/12/2024",
        "status": "Đang thực hiện",
    }
    return {
        "doc": {
            "kind": kind,
            "title": spec.title,
            "summary": "Trích yếu",
            "number_line": "Số: 1/BC-ĐGS",
            "date_line": "Bắc Kạn, ngày 24 tháng 4 năm 2024",
            "is_draft": True,
            "suffix": "BC-ĐGS",
        },
        "issuer_lines": [{"text": "HĐND THÀNH PHỐ", "bold": False}, {"text": "ĐOÀN GIÁM SÁT", "bold": True}],
        "sup": {
            "title": "Tái giám sát",
            "title_lower": "tái giám sát",
            "kind_label": "Tái giám sát",
            "is_resupervision": True,
            "date": "24/04/2024",
            "place": "UBND phường",
            "period": "từ tháng 01/2023 đến hết tháng 4/2024",
            "topics": "cải cách hành chính",
            "units": "Phường Xuất Hóa",
            "units_ubnd": "UBND phường Xuất Hóa",
            "unit_count": 1,
            "resolution": "Nghị quyết số 280/NQ-HĐND",
            "decision_ref": "Quyết định số 1/QĐ-HĐND ngày 01/04/2024",
            "plan_ref": "Kế hoạch số 1/KH-ĐGS ngày 05/04/2024",
            "focal_point": "Công chức Văn phòng – Thống kê",
            "summary": "",
            "body": "HĐND thành phố Bắc Kạn",
            "body_upper": "HĐND THÀNH PHỐ BẮC KẠN",
            "place_name": "Bắc Kạn",
            "place_upper": "BẮC KẠN",
            "report_due": "17/04/2024",
            "follows_up": "Giám sát chuyên đề",
            "follows_up_date": "20/09/2022",
            "year": 2024,
        },
        "members": [{"number": 1, "name": "Lê Đăng Trưởng", "position": "Phó Chủ tịch", "role": "Trưởng đoàn"}],
        "head": {"name": "Lê Đăng Trưởng", "position": "Phó Chủ tịch"},
        "legal_bases": ["Căn cứ Luật;"],
        "signer": {"on_behalf": "TM. ĐOÀN GIÁM SÁT", "title": "TRƯỞNG ĐOÀN", "name": "Lê Đăng Trưởng"},
        "results": ["Kết quả"],
        "shortcomings": [{"text": "Hạn chế", "cause": "Nguyên nhân"}],
        "proposals": ["Đề xuất"],
        "conclusions": ["Kết luận"],
        "recommendations": [rec],
        "recipients": ["Lưu: VT."],
        "num": {"earlier": "I", "results": "II", "shortcomings": "III", "proposals": "IV", "recs": "V"},
        "earlier": [{**rec, "verdict": "Đã thực hiện", "note": ""}],
        "earlier_summary": "1/1 kiến nghị đã thực hiện",
        "tables": [
            {
                "unit": "Phường Xuất Hóa",
                "columns": ["Năm 2023", "Quý I/2024"],
                "rows": [row],
                "sources": ["Năm 2023 – x"],
            }
        ],
        "summary_table": {
            "columns": ["Tỷ lệ"],
            "rows": [{"unit": "Phường Xuất Hóa", "cells": ["58,06%"]}],
            "period": "01/2023–4/2024",
        },
        "ranks": [
            {
                "unit": "Phường Xuất Hóa",
                "rows": [{"year": 2023, "rank": "14/108", "index": "79,68%", "band": "Khá", "change": "tăng 92 bậc"}],
                "source": "x",
            }
        ],
        "rank_summary": {
            "columns": ["2023"],
            "rows": [{"unit": "Phường Xuất Hóa", "cells": ["14/108"]}],
            "source": "x",
        },
        "charts": [],
    }
