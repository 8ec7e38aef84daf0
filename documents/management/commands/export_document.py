"""python manage.py export_document --supervision 2 --kind report --format pdf -o bao-cao.pdf"""

from django.core.management.base import BaseCommand, CommandError

from core.dates import parse_day
from documents.choices import PaperFormat, PaperKind, PaperStatus
from documents.context import default_day, kinds_for
from documents.models import Paper
from documents.services import render_files
from supervision.models import Supervision


class Command(BaseCommand):
    help = (
        "Xuất một văn bản của cuộc giám sát ra DOCX hoặc PDF: bản đã ban hành mới nhất nếu có, "
        "nếu không (hoặc với --draft) thì dự thảo soạn từ dữ liệu hiện có (không lưu)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--supervision", type=int, required=True, metavar="ID")
        parser.add_argument("--kind", choices=PaperKind.values, required=True)
        parser.add_argument("--format", choices=PaperFormat.values, default=PaperFormat.DOCX)
        parser.add_argument("--draft", action="store_true", help="soạn dự thảo mới dù đã có bản ban hành")
        parser.add_argument("--number", default="", help="số, ký hiệu in trên dự thảo, ví dụ 12/BC-ĐGS")
        parser.add_argument("--date", default="", metavar="DD/MM/YYYY", help="ngày in trên dự thảo")
        parser.add_argument("-o", "--output", required=True, metavar="TỆP")

    def handle(self, *args, **o):
        sup = Supervision.objects.filter(pk=o["supervision"]).select_related("body").first()
        if sup is None:
            raise CommandError(f"--supervision: không có cuộc giám sát số {o['supervision']}.")
        if o["kind"] not in kinds_for(sup):
            raise CommandError(
                f"--kind: văn bản “{o['kind']}” không dùng cho cuộc giám sát này ({', '.join(kinds_for(sup))})."
            )
        day = parse_day(o["date"]) if o["date"] else None
        if o["date"] and day is None:
            raise CommandError(f"--date: không đọc được ngày “{o['date']}” (dạng 24/04/2024).")
        issued = (
            Paper.objects.filter(supervision=sup, kind=o["kind"], status=PaperStatus.ISSUED)
            .order_by("-version")
            .first()
        )
        if issued is not None and not o["draft"]:
            stored = issued.docx if o["format"] == PaperFormat.DOCX else issued.pdf
            with stored.open("rb") as source, open(o["output"], "wb") as out:
                out.write(source.read())
            self.stdout.write(f"Bản đã ban hành số {issued.number} ngày {issued.issued_on:%d/%m/%Y} → {o['output']}")
            return
        day = day or default_day(o["kind"], sup)
        docx, pdf = render_files(sup, o["kind"], number=o["number"], day=day, draft=True)
        with open(o["output"], "wb") as out:
            out.write(docx if o["format"] == PaperFormat.DOCX else pdf)
        self.stdout.write(f"Dự thảo (chưa ban hành) → {o['output']}")
