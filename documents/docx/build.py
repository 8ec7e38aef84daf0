"""Builds the bundled Word templates (documents/docx/<kind>.docx) in the format
of Nghị định 30/2020/NĐ-CP, with docxtpl's Jinja tags where the portal's data
goes. Run after changing this file, and commit the .docx files:

    .venv/bin/python -m documents.docx.build

An admin replaces a template without touching code: download the bundled one,
edit it in Word (keep the {{ … }} and {%p … %} tags), upload it under
"Mẫu văn bản Word" in the admin. Layout: A4, margins top and bottom 20 mm, left
30 mm, right 15 mm; Times New Roman; the issuing body and number top left,
the national motto top right, the italic place-and-date line under it; the
page number centred at the top from page 2.
"""

from pathlib import Path

from documents.docx.builder import HERE, Builder


def members(b: Builder):
    b.tag("{%p for m in members %}")
    b.para("{{ m.number }}. Ông (bà) {{ m.name }}{% if m.position %}, {{ m.position }}{% endif %} – {{ m.role }};")
    b.tag("{%p endfor %}")
    b.tag("{%p if not members %}")
    b.para(("(Thành phần Đoàn giám sát: bổ sung trước khi ban hành.)", {"italic": True}))
    b.tag("{%p endif %}")


def figure_tables(b: Builder, *, confirm: bool):
    b.tag("{%p for t in tables %}")
    b.para(("{{ t.unit }}", {"bold": True, "italic": True}), indent=False, keep=True)
    header = ["Chỉ tiêu", "Đơn vị tính"]
    cells = ["{{ r.name }}", "{{ r.unit }}"]
    if confirm:
        header.append("Đơn vị xác nhận hoặc điều chỉnh")
        cells.append("")
    b.table(header, cells, loop="t.rows", widths_mm=[], column_loop=("", "{{ v }}", "r.cells", "t.columns"))
    b.tag("{%p for s in t.sources %}")
    b.para(("Nguồn: {{ s }}.", {"italic": True, "size": 11}), indent=False, space_after=0)
    b.tag("{%p endfor %}")
    b.para("", space_after=0)
    b.tag("{%p endfor %}")
    b.tag("{%p if summary_table %}")
    b.para(("Cả thời kỳ {{ summary_table.period }}, theo từng đơn vị:", {"italic": True}), indent=False, keep=True)
    b.table(
        ["Đơn vị"],
        ["{{ r.unit }}"],
        loop="summary_table.rows",
        widths_mm=[],
        column_loop=("", "{{ v }}", "r.cells", "summary_table.columns"),
    )
    b.tag("{%p endif %}")


def empty_note(b: Builder, var: str):
    b.tag(f"{{%p if not {var} %}}")
    b.para(("(Chưa ghi trên Cổng giám sát.)", {"italic": True}))
    b.tag("{%p endif %}")


def ranks(b: Builder):
    b.tag("{%p for rk in ranks %}")
    b.para("Chỉ số cải cách hành chính của {{ rk.unit }} qua các năm:", keep=True)
    b.table(
        ["Năm", "Thứ hạng trong tỉnh", "Chỉ số", "Xếp loại", "So với năm trước"],
        ["{{ r.year }}", "{{ r.rank }}", "{{ r.index }}", "{{ r.band }}", "{{ r.change }}"],
        loop="rk.rows",
        widths_mm=[20, 38, 30, 35, 42],
    )
    b.para(("Nguồn: {{ rk.source }}.", {"italic": True, "size": 11}), indent=False)
    b.tag("{%p endfor %}")
    b.tag("{%p if rank_summary %}")
    b.para("Thứ hạng chỉ số cải cách hành chính của các đơn vị trong tỉnh:", keep=True)
    b.table(
        ["Đơn vị"],
        ["{{ r.unit }}"],
        loop="rank_summary.rows",
        widths_mm=[],
        column_loop=("", "{{ v }}", "r.cells", "rank_summary.columns"),
    )
    b.para(("Nguồn: {{ rank_summary.source }}.", {"italic": True, "size": 11}), indent=False)
    b.tag("{%p endif %}")


def earlier_table(b: Builder, *, verdicts: bool):
    header = ["TT", "Kiến nghị", "Thời hạn", "Kết luận tái giám sát" if verdicts else "Kết quả thực hiện (đơn vị ghi)"]
    cells = [
        "{{ r.number }}",
        "{{ r.text }}",
        "{{ r.deadline }}",
        "{{ r.verdict }}{% if r.note %}: {{ r.note }}{% endif %}" if verdicts else "",
    ]
    b.table(header, cells, loop="earlier", widths_mm=[12, 85, 25, 43])


def recommendations_table(b: Builder):
    b.table(
        ["TT", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn"],
        ["{{ r.number }}", "{{ r.text }}", "{{ r.addressee }}", "{{ r.deadline }}"],
        loop="recommendations",
        widths_mm=[12, 93, 35, 25],
    )


def decision():
    b = Builder()
    b.header()
    b.title()
    b.para(("THƯỜNG TRỰC {{ sup.body_upper }}", {"bold": True}), align="center", space_after=12)
    b.items("legal_bases", [("{{ x }}", {"italic": True})])
    b.para(("Căn cứ chương trình giám sát năm {{ sup.year }} của {{ sup.body }};", {"italic": True}))
    b.para(("QUYẾT ĐỊNH:", {"bold": True}), align="center", space_after=12)
    b.para(("Điều 1. ", {"bold": True}), "Thành lập Đoàn {{ sup.title_lower }}, gồm các ông (bà) có tên sau:")
    members(b)
    b.para(
        ("Điều 2. ", {"bold": True}),
        "Nội dung giám sát: {{ sup.topics }}. Đối tượng giám sát: {{ sup.units_ubnd }}. Thời kỳ giám sát: {{ sup.period }}.",
    )
    b.tag("{%p if sup.is_resupervision %}")
    b.para(
        "Đoàn giám sát kiểm tra việc thực hiện các kiến nghị của cuộc {{ sup.follows_up }}{% if sup.resolution %} theo {{ sup.resolution }}{% endif %}."
    )
    b.tag("{%p endif %}")
    b.para(
        ("Điều 3. ", {"bold": True}),
        "Thời gian giám sát: ngày {{ sup.date }}{% if sup.place %}, tại {{ sup.place }}{% endif %}. Đoàn giám sát xây dựng kế hoạch, đề cương báo cáo, tổ chức giám sát và báo cáo kết quả với Thường trực {{ sup.body }}; Đoàn giám sát tự giải thể sau khi hoàn thành nhiệm vụ.",
    )
    b.para(
        ("Điều 4. ", {"bold": True}),
        "Các thành viên Đoàn giám sát, {{ sup.units_ubnd }} và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    )
    b.signature()
    b.save("decision")


def plan():
    b = Builder()
    b.header()
    b.title()
    b.para(
        "{% if sup.decision_ref %}Thực hiện {{ sup.decision_ref }} của Thường trực {{ sup.body }} về việc thành lập Đoàn giám sát, {% endif %}Đoàn giám sát {{ sup.body }} xây dựng Kế hoạch {{ sup.title_lower }} như sau:"
    )
    b.heading("I. MỤC ĐÍCH, YÊU CẦU")
    b.para(
        "1. Xem xét, đánh giá {{ sup.topics }} tại {{ sup.units }} {{ sup.period }}; chỉ ra kết quả, hạn chế, nguyên nhân và kiến nghị giải pháp."
    )
    b.tag("{%p if sup.is_resupervision %}")
    b.para(
        "Kiểm tra kết quả thực hiện {{ earlier|length }} kiến nghị của Đoàn giám sát{% if sup.resolution %} theo {{ sup.resolution }}{% endif %}."
    )
    b.tag("{%p endif %}")
    b.para(
        "2. Hoạt động giám sát bảo đảm khách quan, đúng quy định, không làm cản trở hoạt động bình thường của đơn vị được giám sát."
    )
    b.heading("II. NỘI DUNG, ĐỐI TƯỢNG, THỜI KỲ GIÁM SÁT")
    b.para("1. Nội dung: {{ sup.topics }}.")
    b.para("2. Đối tượng: {{ sup.units_ubnd }}.")
    b.para("3. Thời kỳ giám sát: {{ sup.period }}.")
    b.heading("III. PHƯƠNG THỨC GIÁM SÁT")
    b.para(
        "1. Đơn vị được giám sát báo cáo bằng văn bản theo Đề cương gửi kèm Kế hoạch này. Các số liệu Cổng giám sát đã có (đã được duyệt) được in sẵn trong Đề cương; đơn vị chỉ xác nhận hoặc điều chỉnh. Báo cáo gửi Đoàn giám sát trước ngày {{ sup.report_due }}."
    )
    b.para("2. Đoàn giám sát làm việc trực tiếp{% if sup.place %} tại {{ sup.place }}{% endif %} ngày {{ sup.date }}.")
    b.heading("IV. THÀNH PHẦN ĐOÀN GIÁM SÁT")
    members(b)
    b.heading("V. TỔ CHỨC THỰC HIỆN")
    b.para("1. Các thành viên Đoàn giám sát nghiên cứu báo cáo, tài liệu; tham gia đầy đủ buổi giám sát.")
    b.para(
        "2. {{ sup.units_ubnd }} chuẩn bị báo cáo, tài liệu và bố trí thành phần làm việc với Đoàn giám sát{% if sup.focal_point %}; đầu mối theo dõi, tổng hợp: {{ sup.focal_point }}{% endif %}."
    )
    b.signature()
    b.save("plan")


def outline():
    b = Builder()
    b.header()
    b.title()
    b.para(
        (
            "(Kèm theo {% if sup.plan_ref %}{{ sup.plan_ref }}{% else %}Kế hoạch giám sát{% endif %} của Đoàn giám sát {{ sup.body }})",
            {"italic": True},
        ),
        align="center",
        space_after=12,
    )
    b.heading("I. ĐẶC ĐIỂM TÌNH HÌNH")
    b.para("Khái quát đặc điểm của đơn vị; thuận lợi, khó khăn ảnh hưởng đến {{ sup.topics }}.")
    b.heading("II. KẾT QUẢ THỰC HIỆN ({{ sup.period|upper }})")
    b.para("1. Công tác lãnh đạo, chỉ đạo, ban hành văn bản; tuyên truyền.")
    b.para(
        "2. Số liệu chủ yếu. Cổng giám sát đã có các số liệu đã được duyệt dưới đây; đơn vị đối chiếu, ghi “Đúng” hoặc số liệu điều chỉnh (kèm lý do) vào cột cuối, bổ sung chỉ tiêu còn thiếu.",
        keep=True,
    )
    figure_tables(b, confirm=True)
    b.tag("{%p if earlier %}")
    b.para(
        "3. Kết quả thực hiện các kiến nghị của Đoàn giám sát{% if sup.resolution %} theo {{ sup.resolution }}{% endif %}:",
        keep=True,
    )
    earlier_table(b, verdicts=False)
    b.tag("{%p endif %}")
    b.heading("III. HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN")
    b.para("Nêu cụ thể hạn chế, khó khăn và nguyên nhân (khách quan, chủ quan).")
    b.heading("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    b.para("Đề xuất, kiến nghị với cấp trên và các cơ quan có liên quan.")
    b.signature()
    b.save("outline")


def report():
    b = Builder()
    b.header()
    b.title()
    b.para(
        "Thực hiện {% if sup.decision_ref %}{{ sup.decision_ref }} của Thường trực {{ sup.body }}{% else %}quyết định thành lập Đoàn giám sát{% endif %}{% if sup.plan_ref %} và {{ sup.plan_ref }} của Đoàn giám sát{% endif %}, ngày {{ sup.date }}{% if sup.place %}, tại {{ sup.place }}{% endif %}, Đoàn giám sát {{ sup.body }} đã {{ sup.title_lower }}. Thời kỳ giám sát {{ sup.period }}. Đoàn giám sát báo cáo kết quả như sau:"
    )
    b.tag("{%p if earlier %}")
    b.heading("{{ num.earlier }}. KẾT QUẢ THỰC HIỆN CÁC KIẾN NGHỊ CỦA ĐOÀN GIÁM SÁT TRƯỚC")
    b.para(
        "{% if sup.resolution %}Thực hiện {{ sup.resolution }}, {% endif %}{{ sup.units_ubnd }} đã triển khai {{ earlier|length }} kiến nghị của Đoàn giám sát{% if sup.focal_point %}; đầu mối theo dõi, tổng hợp: {{ sup.focal_point|lower }}{% endif %}. Kết luận của Đoàn tái giám sát: {{ earlier_summary }}.",
        keep=True,
    )
    earlier_table(b, verdicts=True)
    b.tag("{%p endif %}")
    b.heading("{{ num.results }}. KẾT QUẢ ĐẠT ĐƯỢC")
    b.items("results", ["{{ loop.index }}. {{ x }}"])
    empty_note(b, "results")
    b.tag("{%p if tables or summary_table %}")
    b.para("Số liệu chủ yếu (số liệu đã được duyệt trên Cổng giám sát):", keep=True)
    b.tag("{%p endif %}")
    figure_tables(b, confirm=False)
    ranks(b)
    b.image_loop()
    b.heading("{{ num.shortcomings }}. HẠN CHẾ, NGUYÊN NHÂN")
    b.tag("{%p for x in shortcomings %}")
    b.para("{{ loop.index }}. {{ x.text }}")
    b.tag("{%p if x.cause %}")
    b.para(("Nguyên nhân: ", {"italic": True}), "{{ x.cause }}")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")
    empty_note(b, "shortcomings")
    b.heading("{{ num.proposals }}. ĐỀ XUẤT, KIẾN NGHỊ CỦA ĐƠN VỊ")
    b.items("proposals", ["{{ loop.index }}. {{ x }}"])
    empty_note(b, "proposals")
    b.heading("{{ num.recs }}. KIẾN NGHỊ CỦA ĐOÀN GIÁM SÁT")
    b.items("conclusions", ["{{ loop.index }}. {{ x }}"])
    b.tag("{%p if recommendations %}")
    b.para("Các kiến nghị được theo dõi đến khi hoàn thành:", keep=True)
    recommendations_table(b)
    b.tag("{%p endif %}")
    b.para("Trên đây là báo cáo kết quả {{ sup.title_lower }} của Đoàn giám sát {{ sup.body }}./.")
    b.signature()
    b.save("report")


def resolution():
    b = Builder()
    b.header(both_bold=True)
    b.title()
    b.para(("HỘI ĐỒNG NHÂN DÂN {{ sup.place_upper }}", {"bold": True}), align="center", space_after=12)
    b.items("legal_bases", [("{{ x }}", {"italic": True})])
    b.para(
        (
            "Xét Báo cáo kết quả {{ sup.title_lower }} của Đoàn giám sát; ý kiến thảo luận của đại biểu Hội đồng nhân dân tại kỳ họp.",
            {"italic": True},
        )
    )
    b.para(("QUYẾT NGHỊ:", {"bold": True}), align="center", space_after=12)
    b.para(
        ("Điều 1. ", {"bold": True}),
        "Tán thành Báo cáo kết quả {{ sup.title_lower }} ({{ sup.period }}) của Đoàn giám sát, với các kết quả chủ yếu sau:",
    )
    b.items("results", ["{{ loop.index }}. {{ x }}"])
    empty_note(b, "results")
    ranks(b)
    b.para("Hạn chế, nguyên nhân:", keep=True)
    b.items("shortcomings", ["- {{ x.text }}{% if x.cause %} Nguyên nhân: {{ x.cause }}{% endif %}"])
    empty_note(b, "shortcomings")
    b.para(
        ("Điều 2. ", {"bold": True}),
        "Yêu cầu các cơ quan, đơn vị thực hiện các kiến nghị sau và báo cáo kết quả với Thường trực {{ sup.body }}:",
        keep=True,
    )
    recommendations_table(b)
    b.para(
        ("Điều 3. ", {"bold": True}),
        "Thường trực Hội đồng nhân dân, các Ban, các Tổ đại biểu và đại biểu Hội đồng nhân dân giám sát việc thực hiện Nghị quyết này./.",
    )
    b.signature()
    b.save("resolution")


def conclusion():
    b = Builder()
    b.header()
    b.title()
    b.para(
        "Ngày {{ sup.date }}{% if sup.place %}, tại {{ sup.place }}{% endif %}, Đoàn giám sát {{ sup.body }}{% if head.name %} do ông (bà) {{ head.name }}{% if head.position %}, {{ head.position }}{% endif %} làm Trưởng đoàn{% endif %} đã {{ sup.title_lower }}, thời kỳ giám sát {{ sup.period }}. Trên cơ sở báo cáo của đơn vị và kết quả làm việc của Đoàn giám sát, Thường trực {{ sup.body }} kết luận như sau:"
    )
    b.heading("1. Kết quả đạt được")
    b.tag("{%p if earlier %}")
    b.para(
        "Về việc thực hiện các kiến nghị của Đoàn giám sát{% if sup.resolution %} theo {{ sup.resolution }}{% endif %}: {{ earlier_summary }}."
    )
    b.tag("{%p endif %}")
    b.items("results", ["- {{ x }}"])
    b.heading("2. Hạn chế, nguyên nhân")
    b.items("shortcomings", ["- {{ x.text }}{% if x.cause %} Nguyên nhân: {{ x.cause }}{% endif %}"])
    b.heading("3. Yêu cầu {{ sup.units_ubnd }}")
    b.items("conclusions", ["{{ loop.index }}. {{ x }}"])
    b.tag("{%p if recommendations %}")
    b.para("Thời hạn thực hiện và báo cáo kết quả:", keep=True)
    recommendations_table(b)
    b.tag("{%p endif %}")
    b.para(
        "Thường trực {{ sup.body }} thông báo để {{ sup.units_ubnd }} và các cơ quan, đơn vị có liên quan biết, thực hiện./."
    )
    b.signature()
    b.save("conclusion")


BUILDERS = {
    "decision": decision,
    "plan": plan,
    "outline": outline,
    "report": report,
    "resolution": resolution,
    "conclusion": conclusion,
}


def build_all() -> list[Path]:
    for build in BUILDERS.values():
        build()
    return [HERE / f"{name}.docx" for name in BUILDERS]


if __name__ == "__main__":
    for path in build_all():
        print(path)
