"""Spelling-tolerant keys for place names in Latin and Arabic script.

Palestinian place names reach English in many spellings: Beit / Bayt / Bet,
Deir / Dayr, Kafr / Kfar, an article written al-, el-, ad-, as- or not at all,
doubled letters, e for i and o for u, an ayn written as an apostrophe or as a
vowel (Shu'fat / Shufat / Shuafat), diacritics (Ḥ, ā). Arabic itself has
letter variants (ة/ه, أ/إ/آ/ا, ى/ي) and optional vowel marks.

Two keys are made for every name and every query:
- `normalise` keeps the word shapes (lower case, no marks or articles, one
  spelling for the common prefixes) for exact and prefix matches;
- `skeleton` keeps only the consonants (with q→k, initial vowel → a), so that
  spellings which differ only in vowels and doubled letters meet.
"""

import re
import unicodedata

# Words that are the Arabic article in Latin letters, when they stand alone or
# are joined to the next word by a hyphen ("al-Bireh", "el Khader", "ash-Shati").
_ARTICLES = {
    "al", "el", "il", "ul", "ad", "ed", "adh", "as", "es", "ash", "esh", "at", "et", "ath",
    "ar", "er", "az", "ez", "an", "en", "l",
}  # fmt: skip

# One spelling for the common first words of village names.
_PREFIXES = {
    "bayt": "beit", "bet": "beit", "beth": "beit", "bait": "beit", "beyt": "beit",
    "dayr": "deir", "dair": "deir", "der": "deir", "deyr": "deir",
    "kfar": "kafr", "kufr": "kafr", "kafar": "kafr", "kefar": "kafr",
    "khirbat": "khirbet", "khirbit": "khirbet", "kherbet": "khirbet", "khirba": "khirbet",
    "ain": "ein", "ayn": "ein", "ein": "ein", "en": "ein", "eyn": "ein",
    "tall": "tell", "tal": "tell", "tel": "tell",
    "jabal": "jabal", "jebel": "jabal",
    "wadi": "wadi", "wady": "wadi",
    "khan": "khan", "umm": "umm", "um": "umm",
}  # fmt: skip

_APOSTROPHES = "'’‘`´ʿʾʼʻ′"
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
)
_LATIN_VOWELS = set("aeiouy")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def _normalise_arabic(text: str) -> str:
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    text = re.sub(r"[^\u0600-\u06ff0-9 ]+", " ", text)
    words = []
    for word in text.split():
        if word.startswith("ال") and len(word) > 3 and word != "الله":
            word = word[2:]
        words.append(word)
    return " ".join(words)


def normalise(text: str) -> str:
    """The name's words without marks, articles or spelling variants of common prefixes."""
    text = (text or "").replace("\x00", "").strip()
    if is_arabic(text):
        return _normalise_arabic(text)
    text = _strip_marks(text.lower())
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in _ARTICLES]
    if words and words[0] in _PREFIXES:
        words[0] = _PREFIXES[words[0]]
    words = [_PREFIXES.get(w, w) if w in ("bayt", "dayr", "kfar", "khirbat") else w for w in words]
    return " ".join(words)


def skeleton(text: str) -> str:
    """The consonants of the normalised name, run together, doubled letters once."""
    base = normalise(text)
    if is_arabic(base):
        return (
            base.replace(" ", "")
            .replace("ه", "")
            .replace("ي", "")
            .replace("و", "")
            .replace("ا", "")
        )
    # A final h after a vowel is a silent ta marbuta: Dheisheh / Deheishe.
    words = [
        w[:-1] if len(w) > 3 and w[-1] == "h" and w[-2] in _LATIN_VOWELS else w
        for w in base.split()
    ]
    letters = "".join(words).replace("q", "k").replace("ph", "f")
    if not letters:
        return ""
    first = "a" if letters[0] in _LATIN_VOWELS else letters[0]
    rest = [c for c in letters[1:] if c not in _LATIN_VOWELS]
    out = [first]
    for c in rest:
        if c != out[-1]:
            out.append(c)
    # A final h after a vowel is a silent ta marbuta: Dheisheh / Dheishe.
    if len(out) > 2 and out[-1] == "h" and letters[-1] == "h" and letters[-2] in _LATIN_VOWELS:
        out.pop()
    return "".join(out)


def keys_for(names: list[str]) -> tuple[str, str]:
    """Searchable keys for a place's names: `|`-delimited normalised forms and skeletons."""
    normal = sorted({n for n in (normalise(name) for name in names) if n})
    skel = sorted({s for s in (skeleton(name) for name in names) if len(s) >= 2})
    return "|" + "|".join(normal) + "|", "|" + "|".join(skel) + "|"
