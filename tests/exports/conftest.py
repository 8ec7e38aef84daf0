import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Job files go to a temporary directory, never to the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
