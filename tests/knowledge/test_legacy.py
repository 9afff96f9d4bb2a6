import codecs
import unicodedata

import pytest

from knowledge.legacy import (
    NotTextError,
    convert_legacy,
    decode_text,
    detect_legacy,
    font_encoding,
    has_unicode_vietnamese,
    is_capitals_font,
)
from knowledge.text import fold
from tests.documents import encode_legacy, seed_text


@pytest.fixture(scope="module")
def seed() -> str:
    return seed_text()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_whole_seed_is_detected_and_converted(seed: str, encoding: str) -> None:
    legacy = encode_legacy(seed, encoding)
    assert legacy != seed
    assert detect_legacy(legacy) == encoding
    converted = convert_legacy(legacy, encoding)
    assert fold(converted) == fold(seed)
    assert unicodedata.is_normalized("NFC", converted)


def test_vni_converts_to_the_same_unicode(seed: str) -> None:
    assert convert_legacy(encode_legacy(seed, "vni"), "vni") == seed


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_paragraph_is_enough_to_detect(seed: str, encoding: str) -> None:
    paragraph = next(line for line in seed.splitlines() if line.startswith("5. Giao"))
    assert detect_legacy(encode_legacy(paragraph, encoding)) == encoding


@pytest.mark.parametrize(
    "text",
    [
        "Nhiệt độ 35 °C ± 2; diện tích 12 m²; hạt 5 µm; theo § 3 của Điều 5.",
        "25 °C ± 2, 5 µm, § 3, 10 µg, ² ³ ± ° §§ µs",
        "The quick brown fox jumps over the lazy dog; naïve café résumé.",
        "Où est la gare? Il a été là-bas, à côté du café. Voilà où je vais; à bientôt.",
        "¿Qué tal, señor? Mañana iré a la montaña con mi niña pequeña.",
        "Größe über alles; Straße, Mädchen, schön, Brücke.",
    ],
)
def test_unicode_and_foreign_text_stay_untouched(text: str) -> None:
    assert detect_legacy(text) is None


def test_unicode_vietnamese_in_any_form_is_not_legacy(seed: str) -> None:
    assert detect_legacy(seed) is None
    assert detect_legacy(unicodedata.normalize("NFD", seed)) is None


def test_tcvn3_capitals_come_back_upper_case() -> None:
    # .VnTimeH text: ASCII capitals with lower-case toned bytes.
    assert convert_legacy("UBND HUYÖN T¢N Y£N", "tcvn3") == "UBND HUYỆN TÂN YÊN"
    assert convert_legacy("Céng hoµ", "tcvn3") == "Cộng hoà"


def test_vni_fills_viparse_gap_for_a_breve_hook() -> None:
    assert convert_legacy("khaúng ñònh", "vni") == "khẳng định"


def test_convert_keeps_edge_whitespace_and_line_breaks() -> None:
    assert convert_legacy("  n\u00adíc\nh\u00b5  ", "tcvn3") == "  nước\nhà  "


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="viscii"):
        convert_legacy("abc", "viscii")


@pytest.mark.parametrize(
    ("font", "encoding", "capitals"),
    [
        (".VnTime", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        ("ABCDEF+.VnArialH", "tcvn3", True),
        ("VNI-Times", "vni", False),
        ("Times New Roman", None, False),
        (None, None, False),
    ],
)
def test_font_names(font: str | None, encoding: str | None, capitals: bool) -> None:
    assert font_encoding(font) == encoding
    assert is_capitals_font(font) is capitals


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (codecs.BOM_UTF8 + "Hạn chót".encode(), "utf-8-sig"),
        ("Hạn chót".encode("utf-16"), "utf-16"),
        ("Hạn chót".encode(), "utf-8"),
        (unicodedata.normalize("NFD", "Hạn chót").encode("cp1258"), "cp1258"),
    ],
)
def test_decode_text_chooses_bom_then_utf8_then_cp1258(data: bytes, note: str) -> None:
    text, notes = decode_text(data)
    assert text == "Hạn chót"
    assert notes[0] == note


def test_decode_text_converts_legacy_bytes(seed: str) -> None:
    text, notes = decode_text(encode_legacy(seed, "vni").encode("latin-1"))
    assert notes == ("latin-1", "legacy:vni")
    assert text == seed


@pytest.mark.parametrize("data", [b"abc\x00def", bytes(range(1, 32)) * 20])
def test_decode_text_refuses_binary(data: bytes) -> None:
    with pytest.raises(NotTextError):
        decode_text(data)


def test_a_stray_unicode_letter_does_not_veto_a_legacy_run(seed: str) -> None:
    paragraph = next(line for line in seed.splitlines() if line.startswith("5. Giao"))
    legacy = encode_legacy(paragraph, "tcvn3") + " (ghi chú: đạt)"
    assert not has_unicode_vietnamese(legacy)
    assert has_unicode_vietnamese("Đã là Unicode")
    assert detect_legacy(legacy) == "tcvn3"


def test_pdf_glyphs_for_u_horn_are_restored_at_word_start() -> None:
    assert (
        convert_legacy("Trung \u2212\u00acng, n\u2212íc, 5 \u2212 3", "tcvn3")
        == "Trung ương, nước, 5 − 3"
    )
