"""A PAR band is named in the reader's language: "Trung bình" in Vietnamese, "Average" in English;
a province's own band names stay as written."""

import pytest
from django.utils import translation

from core.templatetags.portal import band

pytestmark = pytest.mark.django_db


def test_the_default_bands_follow_the_language_and_others_stay():
    with translation.override("en"):
        assert [band(n) for n in ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu")] == [
            "Excellent",
            "Good",
            "Fairly good",
            "Average",
            "Weak",
        ]
        assert band("Hạng A") == "Hạng A" and band(None) is None
    with translation.override("vi"):
        assert band("Trung bình") == "Trung bình"


@pytest.mark.parametrize("url", ["/", "/par/06/2023/", "/par/06/2023/01855/"])
def test_the_supervision_team_reads_the_bands_in_english(as_persona, url):
    client = as_persona("supervisor")
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert ">Weak</span>" in page, url
    assert ">Yếu</span>" not in page and ">Trung bình</span>" not in page, url
    client.cookies["django_language"] = "vi"
    assert ">Yếu</span>" in client.get(url).content.decode(), url
