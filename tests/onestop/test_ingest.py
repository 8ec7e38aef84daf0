"""The ingestion API: a batch is written whole or not at all, once per batch id,
checked by the catalogue's rules row by row, within the account's units."""

import pytest
from django.test import Client

from digital_metrics.periods import Quarter
from onestop import ingest as ingest_module
from onestop.models import Batch, DossierCount
from onestop.selectors import system_figures
from tests.onestop.conftest import URL, old_commune, row

pytestmark = pytest.mark.django_db

Q3 = Quarter(2024, 3)


def figures_q3():
    return system_figures([old_commune("01855").pk], [Q3]).get((old_commune("01855").pk, Q3), {})


def stored(account):
    return sorted(
        DossierCount.objects.filter(account=account).values_list("procedure_code", "channel", "day", "received")
    )


BATCH = {
    "batch_id": "bk-2024-08-06-001",
    "rows": [
        row(period="2024-08-06", received=12, resolved_on_time=10, resolved_late=1, paid_online=4),
        row(period="2024-08-07", received=8, resolved_on_time=9, resolved_late=0, paid_online=8, resolved=9),
        row(procedure="HT-02", channel="online_partial", period="2024-08", received=5),
        row(procedure="HT-07", channel="desk", period="2024-09", received=40, resolved_on_time=38, resolved_late=2),
        row(procedure="HT-07", channel="postal", period="2024-09", received=2),
    ],
}


def test_a_batch_is_written_and_rolled_up_onto_the_catalogue_indicators(system):
    response = system.send(BATCH)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["rows"] == 5 and body["created"] == 5 and body["updated"] == 0 and body["replayed"] is False
    assert body["quarters"] == [{"unit": "01855", "unit_name": "Phường Xuất Hóa", "year": 2024, "quarter": 3}]
    figs = {code: f.value for code, f in figures_q3().items()}
    assert figs["dossiers_received"] == 12 + 8 + 5 + 40 + 2
    assert figs["dossiers_online_full"] == 20 and figs["dossiers_online_partial"] == 5 and figs["dossiers_online"] == 25
    assert figs["dossiers_at_desk"] == 40 and figs["dossiers_postal"] == 2
    assert figs["dossiers_resolved_on_time"] == 57 and figs["dossiers_resolved_late"] == 3
    assert figs["dossiers_resolved"] == 60 and figs["dossiers_paid_online"] == 12
    assert figures_q3()["dossiers_received"].coverage == "2/3 tháng"  # August and September, no July
    assert body["unknown_procedures"] == []
    response = system.send({"batch_id": "codes", "rows": [row(procedure="1.001193", period="2024-09-02")]})
    assert response.json()["unknown_procedures"] == ["1.001193"]  # kept, and said


def test_the_system_lists_its_batches(system):
    system.send(BATCH)
    system.send({"batch_id": "second", "rows": [row(period="2024-09-03")]})
    response = system.client.get(URL, HTTP_AUTHORIZATION=f"Token {system.token}")
    assert response.status_code == 200 and response.json()["count"] == 2
    assert [b["batch_id"] for b in response.json()["results"]] == ["second", BATCH["batch_id"]]
    assert response.json()["results"][1]["result"]["rows"] == 5


def test_the_same_batch_again_is_answered_with_its_first_result_and_counted_once(system):
    first = system.send(BATCH)
    again = system.send({"rows": BATCH["rows"], "batch_id": BATCH["batch_id"]})  # same content, keys reordered
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {**first.json(), "replayed": True}
    assert Batch.objects.filter(account=system.account).count() == 1
    assert figures_q3()["dossiers_received"].value == 67


def test_the_same_batch_id_with_other_content_is_refused_with_409(system):
    system.send(BATCH)
    before = stored(system.account)
    changed = {
        **BATCH,
        "rows": [*BATCH["rows"][:-1], row(procedure="HT-07", channel="postal", period="2024-09", received=3)],
    }
    response = system.send(changed)
    assert response.status_code == 409
    assert "đã được nhận lúc" in response.json()["detail"] and "nội dung khác" in response.json()["detail"]
    assert stored(system.account) == before


def test_every_bad_row_is_named_by_row_and_field_and_nothing_is_written(system):
    body = {
        "batch_id": "bad-1",
        "rows": [
            row(),  # good: still not written
            row(procedure="P2", received=3, paid_online=5),
            row(procedure="P3", channel="fax"),
            row(procedure="P4", received=-3),
            row(procedure="P5", period="2024-13-01"),
            row(procedure="P6", unit="99999"),
            row(procedure="P7", resolved_on_time=4, resolved_late=1, resolved=6),
            row(procedure="P8", colour="blue", channel="desk"),
            row(procedure="P9", period="2099-01-01", received=10**12),
            "not a row",
            row(),  # the same key as row 1
        ],
    }
    response = system.send(body)
    assert response.status_code == 400
    data = response.json()
    assert data["detail"].startswith("Lô số liệu có 11 lỗi")
    found = {(e["row"], e["field"]) for e in data["rows"]}
    assert found == {
        (2, "paid_online"),
        (3, "channel"),
        (4, "received"),
        (5, "period"),
        (6, "unit"),
        (7, "resolved"),
        (8, "colour"),
        (9, "received"),
        (9, "period"),
        (10, "row"),
        (11, "period"),
    }
    messages = {(e["row"], e["field"]): e["message"] for e in data["rows"]}
    assert messages[(2, "paid_online")] == (
        "Dòng 2, trường “paid_online”: Hồ sơ thanh toán phí, lệ phí trực tuyến (5) không được lớn hơn "
        "hồ sơ tiếp nhận (3)."
    )
    assert "phải là một trong desk, online_full, online_partial, postal (đã gửi: fax)" in messages[(3, "channel")]
    assert "phải là số nguyên không âm (đã gửi: -3)" in messages[(4, "received")]
    assert "không có đơn vị mang mã 99999 vào ngày 06/08/2024" in messages[(6, "unit")]
    assert "phải bằng hồ sơ đã giải quyết (6)" in messages[(7, "resolved")]
    assert "trùng đơn vị, thủ tục, kênh và kỳ với dòng 1" in messages[(11, "period")]
    assert "quá lớn (đã gửi: 1000000000000)" in messages[(9, "received")]
    assert not Batch.objects.filter(account=system.account).exists()
    assert stored(system.account) == []
    # Fixed, the same batch id is free: a refused batch was never recorded.
    assert system.send({"batch_id": "bad-1", "rows": [row()]}).status_code == 201


def test_a_unit_outside_the_accounts_scope_refuses_the_whole_batch(system):
    response = system.send({"batch_id": "scope-1", "rows": [row(), row(unit="01837")]})
    assert response.status_code == 403
    assert response.json()["units"] == ["01837"]
    assert "không được gửi số liệu của đơn vị: 01837 (Phường Sông Cầu)" in response.json()["detail"]
    assert stored(system.account) == []


def test_nothing_is_half_saved_when_the_write_fails_midway(system, monkeypatch):
    """The batch row and the first counts are written, then the write breaks: all is rolled back."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module.DossierCount.objects, "bulk_update", broken)
    with pytest.raises(RuntimeError):
        ingest_module.ingest(account=system.account, body=BATCH)
    assert not Batch.objects.filter(account=system.account).exists()
    assert stored(system.account) == []


def test_a_later_batch_corrects_a_count_with_the_same_key(system):
    system.send(BATCH)
    response = system.send({"batch_id": "bk-fix-1", "rows": [row(period="2024-08-06", received=15, paid_online=4)]})
    assert response.status_code == 201 and response.json()["updated"] == 1 and response.json()["created"] == 0
    assert figures_q3()["dossiers_received"].value == 67 + 3


def test_a_month_is_sent_by_day_or_by_month_not_both(system):
    system.send(BATCH)
    response = system.send({"batch_id": "bk-month", "rows": [row(period="2024-08", received=30)]})
    assert response.status_code == 400
    [error] = response.json()["rows"]
    assert error["field"] == "period" and "08/2024" in error["message"] and "không cả hai" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"rows": [row()]}, "batch_id"), ({"batch_id": "x", "rows": []}, "rows"), ({"batch_id": "x"}, "rows")],
)
def test_a_batch_without_its_id_or_rows_is_refused(system, body, field):
    response = system.send(body)
    assert response.status_code == 400 and field in response.json()


def test_the_body_limit_of_the_api_applies(system, settings):
    settings.API_MAX_JSON_BYTES = 200
    response = system.send({"batch_id": "big", "rows": [row() for _ in range(5)]})
    assert response.status_code == 413
    assert stored(system.account) == []


def test_only_a_system_account_sends(system, as_persona):
    response = as_persona("clerk_xuathoa").post(URL, data=BATCH, content_type="application/json")
    assert response.status_code == 403 and "tài khoản của hệ thống một cửa" in response.json()["detail"]
    assert Client().post(URL, data=BATCH, content_type="application/json").status_code == 401
    system.account.is_active = False
    system.account.save()
    assert system.send(BATCH).status_code == 403
    assert stored(system.account) == []


def test_a_system_is_throttled_like_the_rest_of_the_api(system, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE_RATES = {"user": "2/min", "anon": "2/min"}
    statuses = [system.send({"batch_id": f"t{i}", "rows": [row(procedure=f"T{i}")]}).status_code for i in range(3)]
    assert statuses == [201, 201, 429]
    assert not Batch.objects.filter(account=system.account, external_id="t2").exists()
    cache.clear()


@pytest.mark.parametrize("procedure", ["   ", "x" * 41, 1001193])
def test_a_procedure_code_is_1_to_40_characters(system, procedure):
    response = system.send({"batch_id": "p", "rows": [row(procedure=procedure)]})
    assert response.status_code == 400
    assert response.json()["rows"][0]["message"].endswith("mã thủ tục phải là một chuỗi từ 1 đến 40 ký tự.")
