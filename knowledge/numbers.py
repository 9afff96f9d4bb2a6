"""Vietnamese numbers written in words: "hai mươi mốt", "hai nghìn không trăm hai mươi ba"."""

from __future__ import annotations

from knowledge.text import fold

_DIGIT_WORDS = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "nham": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
_NUMBER_WORDS = (*_DIGIT_WORDS, "muoi", "linh", "le", "tram", "nghin", "ngan", "gieng", "chap")
_NW = r"(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b"
# A run of number words, as a regex over folded text ("hai muoi mot", "mung muoi").
NUMBER_WORDS_PATTERN = rf"(?:(?:mung|mong)\s+)?{_NW}(?:\s+{_NW})*"


def parse_number_words(text: str) -> int | None:
    """The value of a Vietnamese number written in words, e.g. "hai nghìn không trăm hai mươi ba".

    Knows một…chín (bốn/tư, năm/lăm/nhăm, mốt), mười/mươi, linh/lẻ, trăm, nghìn/ngàn, and the
    month names giêng (1) and chạp (12); "mồng"/"mùng" before a day is skipped. Returns None
    for anything else, including digit words in a row ("hai ba").
    """
    words = fold(text).split()
    if words and words[0] in ("mung", "mong"):
        words = words[1:]
    if words == ["gieng"]:
        return 1
    if words == ["chap"]:
        return 12
    if not words:
        return None
    total = 0
    group = 0
    pending: int | None = None
    for word in words:
        if word in _DIGIT_WORDS:
            if pending is not None:
                return None
            pending = _DIGIT_WORDS[word]
        elif word == "muoi":
            group += (1 if pending is None else pending) * 10
            pending = None
        elif word == "tram":
            group += (1 if pending is None else pending) * 100
            pending = None
        elif word in ("nghin", "ngan"):
            group += pending or 0
            total += (group or 1) * 1000
            group, pending = 0, None
        elif word in ("linh", "le"):
            continue
        else:
            return None
    return total + group + (pending or 0)
