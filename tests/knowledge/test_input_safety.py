"""Text as it may be stored, and row ids as they may be typed."""

from __future__ import annotations

import random
import re

import pytest

from knowledge.db import MAX_ID, is_row_id, parse_id
from knowledge.text import clean_text, single_spaced


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Phòng Nội vụ", "Phòng Nội vụ"),
        ("a\x00b", "a b"),
        ("30/BC-NV\x01", "30/BC-NV "),
        ("lone \ud800 surrogate \udfff", "lone   surrogate  "),
        ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
        ("tab\tkept", "tab\tkept"),
        ("Ho\u0300a", "Hòa"),  # decomposed -> NFC
        ("\x7f\x85\ufffe\uffff", "    "),
        ("emoji 👍 and ZWJ \u200d stay", "emoji 👍 and ZWJ \u200d stay"),
    ],
)
def test_clean_text_keeps_what_was_meant_and_drops_what_cannot_be_stored(
    raw: str, clean: str
) -> None:
    assert clean_text(raw) == clean
    clean_text(raw).encode("utf-8")  # never a lone surrogate left


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", 12),
        (" #12 ", 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (str(2**63), None),
        ("9" * 5000, None),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("１２", None),
        ("١٢", None),
        ("", None),
        ("12a", None),
    ],
)
def test_parse_id_never_raises(typed: str, value: int | None) -> None:
    assert parse_id(typed) == value


def test_row_ids_fit_a_32_bit_column() -> None:
    assert is_row_id(1)
    assert is_row_id(2**31 - 1)
    assert not is_row_id(2**31)
    assert not is_row_id(0)


def test_single_spacing_a_long_text_matches_the_short_path() -> None:
    rng = random.Random(5)
    for _ in range(8):
        text = "".join(rng.choice(["a", "ộ", " ", "\t", "\n", "  "]) for _ in range(200_000))
        assert single_spaced(text) == re.sub(r"\s+", " ", text).strip()
