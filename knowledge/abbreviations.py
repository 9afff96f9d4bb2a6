"""Abbreviations in unit names ("UBND", "Phòng TN&MT", "Hội LHPN") and the folded matching key."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from knowledge.text import clean_line, fold, nfc

# Table kinds that name bodies, offices, their fields or the titles of their heads.
UNIT_KINDS = frozenset(
    {
        "state-body",
        "front-mass-org",
        "sector-body",
        "office-district",
        "office-commune",
        "office-province",
        "ministry",
        "party-body",
        "field",
    }
)
# Titles are kept only where the abbreviation has one meaning; "CT", "TP", "TB" do not.
_TITLES = frozenset({"PCT", "CT UBND", "PCT UBND", "GĐ", "PGĐ", "PTP", "CVP", "PCVP", "PTB"})
_EXTRA_ROWS = frozenset({"TP.", "đ/c", "Đ/c"})

# Several meanings; only a context rule below (or a longer table entry such as "Sở TP") expands
# them.
AMBIGUOUS = frozenset(
    {"CT", "TB", "TP", "TT", "KT", "CV", "CĐ", "BTC", "BCT", "BCH", "TTr", "HN", "BT", "ĐV", "TC"}
)
# Forms only the context rules in `_context_expansion` may expand.
_CONTEXT_ONLY = AMBIGUOUS | {"TT.", "TP.", "CTXH", "CT-XH", "NN"}
# Words written in full in the table's first column: not abbreviations.
_NOT_ABBREVIATIONS = frozenset({"Huyện đoàn", "Tỉnh đoàn"})

# Forms seen in documents that the table spells another way.
_SUPPLEMENT: tuple[tuple[str, str], ...] = (
    ("VH-TT&TT", "Văn hóa, Thông tin và Thể thao"),
    ("VH,TT&TT", "Văn hóa, Thông tin và Thể thao"),
    ("TTVHTT&TT", "Trung tâm Văn hóa, Thông tin và Thể thao"),
    ("Đoàn TNCS", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    ("HCM", "Hồ Chí Minh"),
    ("LHPN", "Liên hiệp Phụ nữ"),
    ("PVHCC", "Phục vụ hành chính công"),
    ("CHQS", "Chỉ huy Quân sự"),
    ("BCH QS", "Ban Chỉ huy Quân sự"),  # as officials type it; the table has "BCH Quân sự"
    ("QLDA", "Quản lý dự án"),
    ("PTNT", "Phát triển nông thôn"),
    ("UB", "Ủy ban"),
    ("TB&XH", "Thương binh và Xã hội"),
    ("QS", "Quân sự"),
    ("PT-TH", "Phát thanh - Truyền hình"),
    ("PTTH", "Phát thanh - Truyền hình"),
    ("PT&TH", "Phát thanh và Truyền hình"),
    ("BĐBP", "Bộ đội Biên phòng"),
    ("KKT", "Khu kinh tế"),
    ("VHTT", "Văn hóa và Thông tin"),
    ("HĐNVQS", "Hội đồng nghĩa vụ quân sự"),
    ("NVQS", "nghĩa vụ quân sự"),
    ("BCS", "Ban cán sự"),  # "BCS Đảng UBND tỉnh": the Party's group in a people's committee
)

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
_SYLLABLE = re.compile(_ONSET + r"[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_SHAPE_DROP = re.compile(r"[^a-z0-9]")
_PUNCT_EDGE = re.compile(r"^([(\"'“]*)(.*?)([)\"'”,;:!?]*)$")
_GLUED_PREFIX = re.compile(r"\b(P|p|TP|Tp|tp|TT|tt)\.(?=[^\W\d_])")
_PARENS = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Abbreviation:
    """One row of the abbreviation table; `expansion` has its notes and parentheses removed."""

    abbreviation: str
    expansion: str
    kind: str


def _clean_expansion(text: str) -> str:
    return _PARENS.sub("", text.split(";")[0]).strip()


@lru_cache(maxsize=1)
def abbreviation_table() -> tuple[Abbreviation, ...]:
    """Every row of the shipped abbreviation table (knowledge/data/abbreviations.tsv)."""
    path = files("knowledge") / "data" / "abbreviations.tsv"
    rows: list[Abbreviation] = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 3 and parts[0].strip():
            rows.append(
                Abbreviation(nfc(parts[0].strip()), _clean_expansion(nfc(parts[1])), parts[2])
            )
    return tuple(rows)


def _shape(token: str) -> str:
    """Letters and digits only, folded: "TN&MT", "TN-MT" and "tnmt" share one shape."""
    return _SHAPE_DROP.sub("", fold(token))


def _syllable_like(shape: str) -> bool:
    """Whether a lower-case form could be an ordinary Vietnamese word ("hu", "cat", "tu")."""
    return _SYLLABLE.fullmatch(shape) is not None


def _is_plain_word(token: str) -> bool:
    """A word written in full ("Phòng", "huyện"), not an abbreviation."""
    letters = [c for c in token if c.isalpha()]
    if not letters or any(c in token for c in "&-,./"):
        return False
    upper = sum(c.isupper() for c in letters)
    return upper <= 1 and _syllable_like(_shape(token)) and not token[1:2].isupper()


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]
    expansion: str


@lru_cache(maxsize=1)
def _entries() -> dict[str, list[_Entry]]:
    """Table entries usable in unit names, indexed by the shape of their first word."""
    chosen: dict[str, str] = {}
    for row in abbreviation_table():
        form = row.abbreviation
        if form in _NOT_ABBREVIATIONS or form in _CONTEXT_ONLY:
            continue
        usable = row.kind in UNIT_KINDS or form in _TITLES or form in _EXTRA_ROWS
        if usable and form not in chosen:
            chosen[form] = row.expansion
    # "Sở VH,TT&DL" also teaches "VH,TT&DL" on its own, as in "Phòng VH-TT&DL".
    for form, expansion in list(chosen.items()):
        head, _, rest = form.partition(" ")
        if head in {"Phòng", "Sở"} and rest and " " not in rest and rest not in chosen:
            compound = any(c in rest for c in "&-,") or len(rest) >= 3
            if compound and rest not in AMBIGUOUS and expansion.startswith(head + " "):
                chosen[rest] = expansion[len(head) + 1 :]
    for form, expansion in _SUPPLEMENT:
        chosen.setdefault(form, expansion)
    index: dict[str, list[_Entry]] = {}
    for form, expansion in chosen.items():
        words = tuple(form.replace(",", ", ").split()) if " " in form else (form,)
        words = tuple(w for w in words if w)
        index.setdefault(_shape(words[0]), []).append(_Entry(words, expansion))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e.words))
    return index


def head_abbreviation_forms(heads: Iterable[str]) -> tuple[str, ...]:
    """The table's abbreviations that stand for a whole body's head, as written ("TTYT" Trung
    tâm Y tế, "BQL" Ban Quản lý, "UBMTTQ", "BCH QS" Ban Chỉ huy Quân sự): those whose
    expansion opens with one of `heads` (head nouns written in full)."""
    folded_heads = tuple(fold(h) for h in heads if len(h) > 2)
    out: list[str] = []
    for entries in _entries().values():
        for entry in entries:
            shape = _shape(entry.words[0])
            expansion = fold(entry.expansion)
            if (
                len(shape) >= 3
                and not _syllable_like(shape)
                and entry.expansion[:1].isupper()
                and any(expansion.startswith(h + " ") for h in folded_heads)
            ):
                out.append(" ".join(entry.words))
    return tuple(sorted(set(out)))


def _same_token(written: str, form: str) -> bool:
    """Case-aware comparison of a written token with a table form."""
    if written == form:
        return True
    if _is_plain_word(form):
        return fold(written) == fold(form)
    shape = _shape(form)
    if _shape(written) != shape or not shape:
        return False
    letters = [c for c in written if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    # Lower-case or mixed-case chat forms ("ubnd", "tnmt") only when no ordinary word looks alike.
    return not _syllable_like(shape)


@dataclass
class _Token:
    lead: str
    core: str
    trail: str

    def render(self, core: str | None = None) -> str:
        return f"{self.lead}{self.core if core is None else core}{self.trail}"


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for raw in text.split():
        m = _PUNCT_EDGE.match(raw)
        lead, core, trail = (m.group(1), m.group(2), m.group(3)) if m else ("", raw, "")
        if not core:
            out.append(_Token(lead + trail, "", ""))
            continue
        out.append(_Token(lead, core, trail))
    return out


def _folds(tokens: list[_Token], start: int, count: int) -> str:
    return " ".join(fold(t.core) for t in tokens[start : start + count])


_THUONG_TRUC_NEXT = frozenset(
    {"hđnd", "hu", "tu", "đu", "qu", "huyện", "tỉnh", "đảng", "ubmttq", "mttq", "ủy", "ubnd"}
)
_TRUNG_TAM_NEXT = (
    "y tế",
    "yt",
    "văn hóa",
    "vh",
    "phục vụ",
    "pvhcc",
    "giáo dục",
    "gdnn",
    "phát triển",
    "chính trị",
    "dịch vụ",
    "truyền thông",
    "kỹ thuật",
    "kiểm soát",
    "bảo trợ",
    "công tác",
    "học tập",
    "quản lý",
    "nước sạch",
    "khuyến nông",
    "thể dục",
    "thông tin",
    "ctxh",
)
_CITY_BEFORE = frozenset(
    {"ubnd", "hđnd", "ủy ban nhân dân", "công an", "ca", "thành ủy", "ubmttq", "mttq", "đảng ủy"}
)
_TOWN_BEFORE = frozenset({"ubnd", "hđnd", "đảng ủy", "đu", "công an", "ca", "ubmttq", "mttq"})
_BTC_NEXT = frozenset({"hu", "tu", "đu", "qu", "tw", "huyện", "tỉnh", "thành", "đảng", "trung"})
_BCH_COMMAND = frozenset({"qs", "quân", "pctt", "pctt&tkcn", "ptkv", "phòng"})
_BCH_EXECUTIVE = frozenset({"đoàn", "công", "cđ", "hội", "đảng", "lđlđ", "tw", "trung", "chi"})
_TTR_NEXT = frozenset({"huyện", "tỉnh", "xã", "sở", "bộ", "chính", "cp", "thành", "tp", "quận"})
_CTXH_SOCIAL_WORK_BEFORE = frozenset({"trung tâm", "tt", "nhân viên", "phòng", "cơ sở"})


def _lower_nfc(text: str) -> str:
    return nfc(text).lower()


def _context_expansion(tokens: list[_Token], i: int) -> tuple[str, int] | None:
    """Expand an ambiguous token when its neighbours decide; (text, tokens consumed)."""
    tok = tokens[i]
    core = tok.core
    bare = core.rstrip(".")
    dotted = core.endswith(".")
    nxt = _lower_nfc(tokens[i + 1].core) if i + 1 < len(tokens) else ""
    nxt2 = " ".join(_lower_nfc(t.core) for t in tokens[i + 1 : i + 3])
    prev = _lower_nfc(tokens[i - 1].core) if i > 0 else ""
    prev2 = " ".join(_lower_nfc(t.core) for t in tokens[max(0, i - 2) : i])
    next_is_name = i + 1 < len(tokens) and tokens[i + 1].core[:1].isupper()
    if bare == "TT" or (bare.lower() == "tt" and dotted):
        if dotted and next_is_name:
            return "thị trấn", 1
        if nxt in _THUONG_TRUC_NEXT or prev == "ban":
            return "Thường trực", 1
        if prev in _TOWN_BEFORE or prev2 in _TOWN_BEFORE:
            return "thị trấn", 1
        if any(nxt2.startswith(w) for w in _TRUNG_TAM_NEXT):
            return "Trung tâm", 1
        return None
    if bare == "TP" or (bare.lower() == "tp" and dotted):
        if dotted or prev in _CITY_BEFORE or prev2 in _CITY_BEFORE:
            return "thành phố", 1
        if next_is_name and not _looks_abbreviated(tokens[i + 1].core):
            return "thành phố", 1
        return None
    if core == "CT" and nxt in {"ubnd", "hđnd", "ubmttq", "hội", "uban"}:
        return "Chủ tịch", 1
    if core == "CĐ" and (nxt[:1].islower() or nxt in {"ngành", "viên", "cơ"}):
        return "Công đoàn", 1
    if core == "BTC" and nxt in _BTC_NEXT:
        return "Ban Tổ chức", 1
    if core == "BCH" and nxt in {"bđbp", "bộ", "quân"} and nxt2.startswith(("bđbp", "bộ đội")):
        return "Bộ Chỉ huy", 1
    if core == "BCH" and nxt in _BCH_COMMAND:
        return "Ban Chỉ huy", 1
    if core == "BCH" and nxt in _BCH_EXECUTIVE:
        return "Ban Chấp hành", 1
    if _shape(core) == "nn" and prev in {"sở", "phòng", "ngành", "so", "phong", "nganh"}:
        return "Nông nghiệp", 1  # "Sở NN": not "Nhà nước", which stands only inside a word
    if core == "TTr" and nxt in _TTR_NEXT:
        return "Thanh tra", 1
    if _shape(core) == "ctxh" and (core.isupper() or core.lower() == core):
        if prev in _CTXH_SOCIAL_WORK_BEFORE or prev2 in _CTXH_SOCIAL_WORK_BEFORE:
            return "công tác xã hội", 1
        return "chính trị - xã hội", 1
    return None


def _looks_abbreviated(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def _split_compound(core: str) -> str | None:
    """ "HĐND&UBND" -> both parts expanded, when every part is a known abbreviation."""
    parts = re.split(r"([&\-])", core)
    if len(parts) < 3:
        return None
    index = _entries()
    out: list[str] = []
    for part in parts:
        if part == "&":
            out.append(" và ")
        elif part == "-":
            out.append(" - ")
        else:
            found = next(
                (
                    e.expansion
                    for e in index.get(_shape(part), [])
                    if len(e.words) == 1 and _same_token(part, e.words[0])
                ),
                None,
            )
            if found is None:
                return None
            out.append(found)
    return "".join(out)


def _expand_phong_prefix(tokens: list[_Token]) -> None:
    """Read "P." before an abbreviated office ("P.TCKH", "p. tnmt") as "Phòng", and a "P"
    glued to one ("PNV", "PTCKH") too.

    Before a name ("P. Trần Phú") it means "phường" and stays as written.
    """
    for i, tok in enumerate(tokens[:-1]):
        if tok.core in {"P.", "p."}:
            nxt = tokens[i + 1].core
            lower_chat = tok.core == "p." and nxt.lower() == nxt
            if _looks_abbreviated(nxt) or lower_chat:
                tok.core = "Phòng" if tok.core == "P." else "phòng"
    index = _entries()
    for i in range(len(tokens) - 1, -1, -1):
        core = tokens[i].core
        if len(core) < 3 or core[0] not in "Pp" or index.get(_shape(core)):
            continue
        rest = core[1:]
        if not (rest.isupper() or rest.islower()) or (core[0] == "p") != rest.islower():
            continue
        known = any(
            e.words[0] == "Phòng" and len(e.words) == 2 and _same_token(rest, e.words[1])
            for e in index.get(_shape("Phòng"), [])
        )
        if known:
            lead, trail = tokens[i].lead, tokens[i].trail
            tokens[i] = _Token(lead, "Phòng" if core[0] == "P" else "phòng", "")
            tokens.insert(i + 1, _Token("", rest, trail))


_LEVEL_EXPANSIONS = frozenset({"thanh pho", "thi xa", "thi tran"})


_SPACED_COMPOUND = re.compile(r"(?<![\w&])[A-ZĐ&]{2,6}(?:\s+[-–]\s+[A-ZĐ&]{1,6})+(?![\w&])")


@lru_cache(maxsize=4096)
def expand_unit_abbreviations(name: str, *, keep_levels: bool = False) -> str:
    """Expand abbreviations in a unit name as written, keeping every other word as it is.

    "UBMTTQ huyện" -> "Ủy ban Mặt trận Tổ quốc huyện"; "P.TCKH" -> "Phòng Tài chính - Kế hoạch".
    Ambiguous forms (CT, TT, TP, BTC...) are expanded only when a neighbouring word decides.
    With `keep_levels`, a level written short ("Công an TP", "UBND TX. Sơn Tây") stays as
    written: the document's own spelling of where the body is.
    """
    text = clean_line(name)
    text = _GLUED_PREFIX.sub(lambda m: m.group(1) + ". ", text)
    # "LĐ - TB - XH", "VHTT - TT": one compound abbreviation written with spaced hyphens
    text = _SPACED_COMPOUND.sub(lambda m: re.sub(r"\s*[-–]\s*", "-", m.group(0)), text)
    tokens = _tokens(text)
    _expand_phong_prefix(tokens)
    index = _entries()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.core:
            out.append(tok.render())
            i += 1
            continue
        done = False
        for entry in index.get(_shape(tok.core), []):
            n = len(entry.words)
            window = tokens[i : i + n]
            if len(window) < n or any(t.trail and k < n - 1 for k, t in enumerate(window)):
                continue
            if not all(_same_token(t.core, w) for t, w in zip(window, entry.words, strict=True)):
                continue
            text_out = entry.expansion
            if keep_levels and fold(text_out) in _LEVEL_EXPANSIONS:
                break  # read as written below
            head = entry.words[0]
            first, _, rest = entry.expansion.partition(" ")
            if n > 1 and _is_plain_word(head) and fold(first) == fold(head) and rest:
                text_out = f"{tok.core} {rest}"  # keep the document's own head word
            i += n
            # "Đoàn TNCS Hồ Chí Minh": the expansion already ends with the words written next
            tail = fold(text_out).split()
            for k in range(min(4, len(tail)), 1, -1):
                after = [fold(t.core) for t in tokens[i : i + k]]
                if (
                    after == tail[-k:]
                    and not window[-1].trail
                    and not any(t.trail for t in tokens[i : i + k - 1])
                ):
                    window = [window[0], tokens[i + k - 1]]
                    i += k
                    break
            out.append(f"{window[0].lead}{text_out}{window[-1].trail}")
            done = True
            break
        if done:
            continue
        ctx = _context_expansion(tokens, i)
        if ctx is not None and not (keep_levels and fold(ctx[0]) in _LEVEL_EXPANSIONS):
            out.append(f"{tok.lead}{ctx[0]}{tok.trail}")
            i += ctx[1]
            continue
        compound = _split_compound(tok.core)
        out.append(tok.render(compound) if compound else tok.render())
        i += 1
    return nfc(" ".join(out))


_FILLERS = (
    re.compile(r"\b(to quoc) viet nam\b"),
    re.compile(r"\bcac dong chi\b"),
    re.compile(r"\bdong chi\b"),
    re.compile(r"\bva\b"),
)
_KEY_PUNCT = re.compile(r"[^\w\s]|_")
_D_SLASH_C = re.compile(r"(?<!\w)[đĐ]/[cC](?!\w)")


def fold_unit_key(name: str) -> str:
    """The key units are matched on: abbreviations expanded, folded, no punctuation or fillers.

    "Ủy ban MTTQ Việt Nam huyện" and "UBMTTQ huyện" both give "uy ban mat tran to quoc huyen".
    """
    text = _D_SLASH_C.sub("đồng chí", clean_line(name))
    text = _PARENS.sub(" ", text)
    key = fold(expand_unit_abbreviations(text))
    key = _KEY_PUNCT.sub(" ", key)
    key = " ".join(key.split())
    for pattern in _FILLERS:
        key = pattern.sub(lambda m: m.group(1) if m.groups() else " ", key)
        key = " ".join(key.split())
    return key
