"""The public pages (no login) and the open data: thin views over public.selectors,
each page's content rendered once per publication version and language and kept
in the cache (a visit on a warm cache reads nothing from the database), every
request counted against the visitor's address (public.ratelimit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from public import cache, datasets, manage, selectors, services
from public.choices import PublicationKind
from public.models import Publication
from public.ratelimit import rate_limited

NOT_FOUND = "404"


def _cached_page(request, name: str, parts: tuple, build):
    """``build()`` → (title, template, context) or None; its content HTML is cached."""

    def render_content():
        built = build()
        if built is None:
            return (NOT_FOUND, "", "")
        title, template, context = built
        return ("200", title, render_to_string(template, context))

    status, title, html = cache.cached(name, render_content, *parts)
    if status == NOT_FOUND:
        raise Http404(_("Không có nội dung công khai ở địa chỉ này."))
    return render(request, "public/page.html", {"title": title, "content": mark_safe(html)})  # noqa: S308 - our own template's output


@rate_limited
def index(request):
    def build():
        return (
            _("Thông tin công khai"),
            "public/_index.html",
            {"bodies": selectors.public_bodies(), "datasets": datasets.DATASETS.values()},
        )

    return _cached_page(request, "index", (), build)


@rate_limited
def body(request, pk: int):
    def build():
        page = selectors.body_page(pk)
        if page is None:
            return None
        return (page.body.name, "public/_body.html", {"page": page, "unit": None})

    return _cached_page(request, "body", (pk,), build)


@rate_limited
def unit(request, pk: int, code: str):
    def build():
        page = selectors.body_page(pk)
        found = selectors.unit_of(page, code) if page else None
        if found is None:
            return None
        return (found.name, "public/_body.html", {"page": page.for_unit(found), "unit": found, "body_page": page})

    return _cached_page(request, "unit", (pk, code), build)


@rate_limited
def paper_pdf(request, pk: int):
    paper = selectors.published_paper(pk)
    if paper is None or not paper.pdf:
        raise Http404(_("Không có văn bản công khai này."))
    name = f"{paper.get_kind_display()} {paper.number}.pdf".replace("/", "-")
    return FileResponse(paper.pdf.open("rb"), as_attachment=False, filename=name, content_type="application/pdf")


@rate_limited
def data_index(request):
    def build():
        context = {"datasets": datasets.DATASETS.values(), "licence": datasets.licence()}
        return (_("Dữ liệu mở"), "public/_data.html", context)

    return _cached_page(request, "data", (), build)


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@rate_limited
def data(request, dataset: str, fmt: str):
    if dataset not in datasets.DATASETS or fmt not in CONTENT_TYPES:
        raise Http404
    writer = datasets.to_csv if fmt == "csv" else datasets.to_json
    body_bytes = cache.cached("data", lambda: writer(datasets.table(dataset)), dataset, fmt, per_language=False)
    response = HttpResponse(body_bytes, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{dataset}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site's script may read it
    # The same for everyone: shared caches may keep it a minute (a withdrawal reaches them within it).
    response["Cache-Control"] = "public, max-age=60"
    return response


# Publishing: the supervision team or an admin of the body --------------------


@login_required
def manage_page(request):
    bodies = manage.bodies_of(request.user)
    if not bodies:
        raise PermissionDenied(_("Chỉ Đoàn giám sát hoặc quản trị của HĐND mới công bố thông tin."))
    return render(
        request,
        "public/manage.html",
        {
            "sections": [manage.section(b) for b in bodies],
            "kinds": PublicationKind.choices,
            "nav": "public",
            "title": _("Công bố thông tin"),
        },
    )


@login_required
@require_POST
def manage_publish(request):
    form = manage.PublishForm(request.POST, user=request.user)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
        return redirect("public:manage")
    try:
        services.publication_publish(by=request.user, **form.publication_target())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã công bố; trang công khai đã cập nhật."))
    return redirect("public:manage")


@login_required
@require_POST
def manage_withdraw(request, pk: int):
    publication = get_object_or_404(
        Publication.objects.active(), pk=pk, body_id__in=services.publisher_body_ids(request.user)
    )
    services.publication_withdraw(publication=publication, by=request.user)
    messages.success(request, _("Đã thu hồi; nội dung không còn trên trang công khai."))
    return redirect("public:manage")
