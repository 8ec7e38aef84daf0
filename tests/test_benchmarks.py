"""Benchmarks that cannot rot: every script under benchmarks/ runs here at its
tiny size (seconds), on this pass's database, and must end with its JSON line.
A script that no longer matches the models (a column added, a function
renamed) fails CI instead of failing the next engineer who measures."""

import json

import pytest

from benchmarks import exports, fault_recompute, import_sheet, onestop_ingest, public_load, rankings, recommendations

pytestmark = pytest.mark.django_db


def last_json(capsys) -> dict:
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    return json.loads(lines[-1])


def test_rankings_at_tiny_size(capsys):
    result = rankings.run(["--tiny", "--no-worker"])
    assert last_json(capsys) == json.loads(json.dumps(result, ensure_ascii=False))
    assert result["tiny"] and result["scope_years"] == 2 and result["communes"] == 108
    assert result["unit_years"] == 216 and result["speedup"] > 1


def test_import_sheet_at_tiny_size(capsys):
    result = import_sheet.run(["--tiny"])
    assert last_json(capsys)["benchmark"] == "import_sheet"
    assert result["rows"] == 50 and result["reports_created"] == 50 and result["values"] > 50 * 20


def test_recommendations_at_tiny_size(capsys):
    result = recommendations.run(["--tiny"])
    assert last_json(capsys)["benchmark"] == "recommendations"
    assert result["wards"] == 10 and result["overdue_queries"] == 1


def test_fault_recompute_at_tiny_size(capsys):
    result = fault_recompute.run(["--tiny"])
    assert last_json(capsys)["benchmark"] == "fault_recompute"
    assert result["stale_left"] == 0 and result["differing_ranks"] == 0 and result["healed_after_s"] < 10


def test_exports_at_tiny_size(capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    result = exports.run(["--tiny"])
    assert last_json(capsys)["benchmark"] == "exports"
    assert result["reports"] == 50 * 4 and result["xlsx_queries"] < 20
    # Seconds are the full run's (benchmarks/README.md); here, that both documents were made.
    assert result["naive_per_report_ms"] > 0 and result["report_docx_kb"] > 5 and result["report_pdf_kb"] > 5


def test_onestop_ingest_at_tiny_size(capsys):
    result = onestop_ingest.run(["--tiny"])
    assert last_json(capsys)["benchmark"] == "onestop_ingest"
    assert result["rows"] == 50 and result["communes"] == 108 and result["rollup_queries"] == 1
    assert result["replay_queries"] <= 5


def test_public_load_at_tiny_size(capsys):
    result = public_load.run(["--tiny"])
    assert last_json(capsys) == json.loads(json.dumps(result, ensure_ascii=False))
    assert result["tiny"] and result["statuses"] == {"200": 50}


def test_load_overview_at_tiny_size(capsys):
    from benchmarks import load_overview

    result = load_overview.run(["--tiny"])
    assert last_json(capsys)["benchmark"] == "load_overview"
    assert set(result["ratios"]) == {"overview_province", "overview_city", "profile", "ranking"}
    assert all(r["page"]["errors"] == 0 and r["login"]["errors"] == 0 for r in result["ratios"].values())
    assert result["deadline"]["clerk_save"] == 200 and result["deadline"]["clerk_submit"] == 200


def test_clerk_writes_at_tiny_size(capsys):
    from benchmarks import clerk_writes

    result = clerk_writes.run(["--tiny"])
    assert last_json(capsys)["benchmark"] == "clerk_writes"
    assert result["errors"] == 0 and set(result["steps"]) == {"save (new report)", "save", "submit", "approve"}
    assert all(s["n"] == 1 and s["queries"] > 0 for s in result["steps"].values())
