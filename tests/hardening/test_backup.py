"""Backup and restore as the README says (pg_dump + the media folder, pg_restore
into an empty database + the files back): every row and every file returns."""

import hashlib
import shutil
import subprocess
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from supervision.models import Evidence

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TABLES = [
    "digital_metrics_quarterlyreport",
    "digital_metrics_reportvalue",
    "par_index_unitresult",
    "supervision_evidence",
]


def url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def counts(dsn: str) -> dict:
    with psycopg.connect(dsn) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608 - fixed names


def digest(folder: Path) -> dict:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def test_a_dump_and_the_media_folder_restore_everything(demo_tx, settings, tmp_path):
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is missing (postgresql-client)")
    media = Path(settings.MEDIA_ROOT)
    (media / "evidence").mkdir(parents=True, exist_ok=True)
    stored = media / "evidence" / "a.pdf"
    stored.write_bytes(b"%PDF-1.4 evidence")
    source = url(connection.settings_dict["NAME"])
    restored_name = connection.settings_dict["NAME"] + "_restored"

    dump, archive = tmp_path / "portal.dump", tmp_path / "media.tar.gz"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], check=True)  # noqa: S603, S607
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media, arcname=".")

    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        admin.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        restore = ["pg_restore", "--no-owner", f"--dbname={url(restored_name)}", str(dump)]
        subprocess.run(restore, check=True)  # noqa: S603, S607
        restored_media = tmp_path / "restored-media"
        restored_media.mkdir()
        with tarfile.open(archive) as tar:
            tar.extractall(restored_media, filter="data")
        assert counts(url(restored_name)) == counts(source)
        assert digest(restored_media) == digest(media) and (restored_media / "evidence" / "a.pdf").exists()
        assert Evidence.objects.count() == counts(url(restored_name))["supervision_evidence"]
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
