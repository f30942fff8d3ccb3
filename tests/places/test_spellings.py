import pytest

from twinning.places.text import normalise, skeleton


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Beit Sahour", "Bayt Sahur"),
        ("Beit Sahour", "Bet Sahur"),
        ("Deir al-Balah", "Dayr el Balah"),
        ("Kafr Aqab", "Kfar Aqab"),
        ("Khirbet Zakariya", "Khirbat Zakariyya"),
        ("Shu'fat", "Shufat"),
        ("Shu'fat", "Shuafat"),
        ("Dheisheh", "Deheishe"),
        ("Jabalia", "Jabalya"),
        ("Qalandia", "Kalandia"),
        ("Ein el-Sultan", "Ain as-Sultan"),
        ("Ḥebron", "Hebron"),
        ("Nāblus", "Nablus"),
        ("Tulkarem", "Tul Karm"),
        ("Khan Yunis", "Khan Younis"),
    ],
)
def test_two_spellings_of_one_place_share_a_skeleton(one: str, other: str) -> None:
    assert skeleton(one) == skeleton(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("مخيّم شعفاط", "مخيم شعفاط"),
        ("بيت ساحور", "بيت ساحور"),
        ("القدس", "قدس"),
        ("مدرسة", "مدرسه"),
        ("أريحا", "اريحا"),
        ("إذنا", "اذنا"),
        ("عيسى", "عيسي"),
    ],
)
def test_arabic_letter_variants_and_vowel_marks_do_not_matter(one: str, other: str) -> None:
    assert normalise(one) == normalise(other)


def test_the_article_is_dropped_however_it_is_written() -> None:
    assert {normalise(n) for n in ("al-Bireh", "El Bireh", "Bireh", "AL BIREH")} == {"bireh"}
    assert normalise("البيرة") == normalise("بيرة")


def test_different_places_keep_different_keys() -> None:
    assert skeleton("Nablus") != skeleton("Nuseirat")
    assert normalise("Jenin") != normalise("Jericho")
