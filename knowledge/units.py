"""The office's registry of units and the resolution of unit names written in documents or chat."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz

from knowledge.abbreviations import fold_unit_key
from knowledge.text import clean_line, fold

LEVELS = ("tinh", "huyen", "xa")

_EXAMPLES_DIR = Path(__file__).parent / "data" / "units"


@dataclass(frozen=True)
class Unit:
    """A body that can be given tasks: a phòng, a hội, an Ủy ban... or a group of them."""

    key: str  # stable slug, e.g. "phong-noi-vu"
    name: str  # canonical display name, e.g. "Phòng Nội vụ"
    kind: str  # "phong" | "uy-ban" | "hoi" | "doan-the" | "so" | "ban" | ... | "nhom" (group)
    level: str | None  # "tinh" | "huyen" | "xa" | None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # keys of member units when kind == "nhom"
    registered: bool = True


@dataclass(frozen=True)
class UnitMatch:
    """A registry unit a written name resolved to."""

    unit: Unit
    score: float  # 0..100
    exact: bool  # the folded key equals a name or alias key


@dataclass(frozen=True)
class Office:
    """The office that keeps a registry: its level and locality decide what bare names mean."""

    name: str = ""
    level: str | None = None
    locality: str = ""  # "huyện Tân Yên"
    structure: str = ""  # date the structure is valid from, as written in the file


def example_units_path(name: str) -> Path:
    """Path of a units file shipped with the package: "huyen-truoc-2025" or "xa-sau-2025".

    The office copies one to its data folder and edits it; the copy is what the bot loads.
    """
    path = _EXAMPLES_DIR / f"{name.removesuffix('.toml')}.toml"
    if not path.is_file():
        shipped = sorted(p.stem for p in _EXAMPLES_DIR.glob("*.toml"))
        raise FileNotFoundError(f"no example units file {name!r}; shipped: {shipped}")
    return path


# --- the matching key ----------------------------------------------------------------------

# Level words, longest first: (folded words, level).
_LEVEL_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("thi", "tran"), "xa"),
    (("thi", "xa"), "huyen"),
    (("thanh", "pho"), "huyen"),
    (("dac", "khu"), "xa"),
    (("tinh",), "tinh"),
    (("huyen",), "huyen"),
    (("quan",), "huyen"),
    (("xa",), "xa"),
    (("phuong",), "xa"),
)
_CENTRAL_CITIES = ("ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue")
# Words after which a level word is part of another word: "xã hội", "quân sự", "địa phương".
_NOT_LEVEL_AFTER = {
    "xa": {"hoi"},
    "quan": {"su", "ly", "doi", "he", "tam", "chung", "tri", "diem", "ao", "nhan", "dan", "khu"},
    "tinh": {"than", "hinh", "gian", "thuong", "toan"},
    "phuong": {"an", "thuc", "huong", "phap", "tien", "cham", "tay", "dong"},
}
_NOT_LEVEL_BEFORE = {"quan": {"co"}, "phuong": {"dia", "ke", "song", "da", "don"}}
# A level word that is the first half of a body's own name: "Huyện ủy", "Tỉnh đoàn".
_BODY_AFTER_LEVEL = {"uy", "doan"}
_STRUCTURAL = {"cac", "va", "nhung", "thuoc", "tren", "dia", "ban", "cap", "don", "vi", "co"}

_HEADS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("van phong", "van-phong"),
            ("uy ban nhan dan", "uy-ban"),
            ("hoi dong nhan dan", "hdnd"),
            ("uy ban mat tran to quoc", "mat-tran"),
            ("mat tran to quoc", "mat-tran"),
            ("phong", "phong"),
            ("so", "so"),
            ("bo", "bo"),
            ("cong an", "cong-an"),
            ("ban chi huy quan su", "quan-su"),
            ("bo chi huy quan su", "quan-su"),
            ("trung tam", "trung-tam"),
            ("tram", "tram"),
            ("chi cuc", "chi-cuc"),
            ("kho bac", "kho-bac"),
            ("bao hiem xa hoi", "bhxh"),
            ("thanh tra", "thanh-tra"),
            ("huyen doan", "doan-the"),
            ("tinh doan", "doan-the"),
            ("doan thanh nien", "doan-the"),
            ("doan", "doan-the"),
            ("lien doan lao dong", "cong-doan"),
            ("cong doan", "cong-doan"),
            ("hoi", "hoi"),
            ("ban", "ban"),
            ("truong", "truong"),
            ("dang uy", "dang"),
            ("dang bo", "dang"),
            ("huyen uy", "dang"),
            ("tinh uy", "dang"),
            ("thanh uy", "dang"),
            ("quan uy", "dang"),
            ("toa an", "toa-an"),
            ("vien kiem sat", "vien-kiem-sat"),
            ("ngan hang", "ngan-hang"),
            ("thon", "thon"),
        ),
        key=lambda h: -len(h[0]),
    )
)

# A person's title before the body: "Thủ trưởng các cơ quan", "Trưởng phòng Nội vụ".
# "trưởng" and "trường" (school) fold alike, so the bare title needs a body word after it.
_TITLE = re.compile(
    r"^(?:(?:pho )?(?:thu truong|chu tich|giam doc|bi thu|chanh|chi cuc truong|chi huy truong"
    r"|truong(?= (?:phong|ban|tram|cong an|thon|khu|to|cac|doan|chi|dai|doi)\b))"
    r"(?: thuong truc)?|lanh dao|thuong truc|ban thuong truc|ban thuong vu|dong chi) "
)


@dataclass(frozen=True)
class _Key:
    text: str  # folded, title, locality and the office's own level word removed
    levels: frozenset[str]
    place: tuple[str, str] | None  # (level, place name) written after the last level word
    plural: bool
    head: str | None
    body: str  # the text after the head words: what tells two bodies of one kind apart


def _level_spans(tokens: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, level) of each level word in the folded tokens."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        for words, level in _LEVEL_WORDS:
            n = len(words)
            if tuple(tokens[i : i + n]) != words:
                continue
            nxt = tokens[i + n] if i + n < len(tokens) else ""
            prev = tokens[i - 1] if i > 0 else ""
            if n == 1 and (
                nxt in _NOT_LEVEL_AFTER.get(words[0], ())
                or prev in _NOT_LEVEL_BEFORE.get(words[0], ())
                or (words[0] == "xa" and prev == "thi")
            ):
                continue
            if words[0] == "quan" and nxt and nxt != "uy" and prev not in {"an", "dan", "cac"}:
                continue
            found = level
            if words == ("thanh", "pho") and " ".join(tokens[i + 2 :]).startswith(_CENTRAL_CITIES):
                found = "tinh"
            spans.append((i, i + n, found))
            i += n - 1
            break
        i += 1
    return spans


def _head(text: str) -> tuple[str | None, str]:
    """(kind of body, rest of the text): "phong noi vu" -> ("phong", "noi vu")."""
    body = text.removeprefix("cac ")
    for words, head in _HEADS:
        if body == words or body.startswith(words + " "):
            return head, body[len(words) :].strip()
    return None, body


def strip_titles(key: str) -> str:
    """A folded unit key without the titles before its body ("chu tich uy ban" -> "uy ban")."""
    while True:
        stripped = _TITLE.sub("", key, count=1)
        if stripped == key or not stripped:
            return key
        key = stripped


def _locality(office: Office) -> tuple[str, str, str]:
    """(level word, level, place) of the office's locality: ("huyen", "huyen", "tan yen")."""
    tokens = fold(office.locality).split()
    for words, level in _LEVEL_WORDS:
        if tuple(tokens[: len(words)]) == words:
            return " ".join(words), level, " ".join(tokens[len(words) :])
    return "", office.level or "", " ".join(tokens)


# "Các phòng chuyên môn thuộc UBND huyện" in the district's own file is its phòng chuyên môn:
# the qualifier that names the office itself tells nothing apart.
_OWN_QUALIFIER = re.compile(r"\s+(?:truc )?thuoc uy ban nhan dan(?: (?P<level>\w+(?: \w+)?))?$")


def _prepare(name: str, office: Office) -> _Key:
    text = strip_titles(fold_unit_key(name))
    qualifier = _OWN_QUALIFIER.search(text)
    if qualifier and (
        not qualifier.group("level") or qualifier.group("level") == _locality(office)[0]
    ):
        text = text[: qualifier.start()]
    tokens = text.split()
    spans = _level_spans(tokens)
    levels = frozenset(level for _, _, level in spans)
    word, own_level, own_place = _locality(office)
    place: tuple[str, str] | None = None
    if spans:
        _, end, level = spans[-1]
        tail = tokens[end:]
        if (
            tail
            and len(tail) <= 4
            and not _STRUCTURAL & set(tail)
            and tail[0]
            not in {
                "uy",
                "doan",
            }
        ):
            place = (level, " ".join(tail))
    if own_place:
        # "Phòng Nội vụ huyện Tân Yên", "Huyện đoàn Tân Yên": the office's own locality.
        if place and place[0] == own_level and fuzz.ratio(place[1], own_place) >= 90:
            tokens = tokens[: len(tokens) - len(place[1].split())]
            place = None
        elif not place and text.endswith(" " + own_place):
            tokens = tokens[: len(tokens) - len(own_place.split())]
    if word:
        # Drop the office's own level word ("Công an huyện" -> "công an" in a huyện registry)
        # unless it starts the name, is part of a body ("Huyện ủy") or a place follows it.
        n = len(word.split())
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if i > 0 and " ".join(tokens[i : i + n]) == word:
                nxt = tokens[i + n] if i + n < len(tokens) else ""
                follows_place = place is not None and i + n + len(place[1].split()) == len(tokens)
                if nxt not in _BODY_AFTER_LEVEL and not follows_place:
                    i += n
                    continue
            out.append(tokens[i])
            i += 1
        tokens = out
    result = " ".join(tokens)
    plural = bool({"cac", "nhung"} & set(tokens))
    head, body = _head(result)
    return _Key(result, levels, place, plural, head, body)


# Bodies that exist at one level only, whatever the document that names them: a commune's
# letter that mentions "Sở Y tế" means the province's.
_LEVEL_OWN_HEADS = (
    "so",
    "bo",
    "cuc",
    "tong cuc",
    "chi cuc",
    "kho bac",
    "tinh uy",
    "huyen uy",
    "thanh uy",
    "quan uy",
    "thi uy",
)


@dataclass(frozen=True)
class WritingLevel:
    """The level a document is written at, and the word its issuer uses for it ("xã")."""

    level: str  # "tinh" | "huyen" | "xa"
    word: str  # as the issuer's name writes it: "xã", "phường", "huyện", "thành phố"...


_LEVEL_NAMES = (
    ("thị trấn", "xa"),
    ("thị xã", "huyen"),
    ("thành phố", "huyen"),
    ("đặc khu", "xa"),
    ("phường", "xa"),
    ("xã", "xa"),
    ("huyện", "huyen"),
    ("quận", "huyen"),
    ("tỉnh", "tinh"),
)


def writing_level(*issuers: str | None) -> WritingLevel | None:
    """The level of the body that issued a document ("Ủy ban nhân dân xã Hòa Bình" -> xã,
    "Ban Thường vụ Huyện ủy" -> huyện), from its name or its parent's; None when neither says."""
    for issuer in issuers:
        if not issuer:
            continue
        folded = fold(issuer)
        if re.search(r"\b(?:huyen|quan|thi|thanh) uy\b", folded):
            return WritingLevel("huyen", "huyện")
        if re.search(r"\btinh uy\b", folded):
            return WritingLevel("tinh", "tỉnh")
        if re.search(r"\bdang uy (?:xa|phuong|thi tran)\b", folded):
            return WritingLevel("xa", "xã")
        tokens = folded.split()
        spans = _level_spans(tokens)
        if spans:
            start, end, level = spans[-1]
            written = " ".join(tokens[start:end])
            word = next((w for w, _ in _LEVEL_NAMES if fold(w) == written), written)
            if written == "thanh pho" and any(c in folded for c in _CENTRAL_CITIES):
                level = "tinh"
            return WritingLevel(level, word)
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-") or "don-vi"


# --- the registry --------------------------------------------------------------------------


class UnitRegistry:
    """The office's units; resolves written names accent-free and typo-tolerant."""

    def __init__(self, units: Iterable[Unit], *, office: Office | None = None) -> None:
        self.office = office or Office()
        self._units: dict[str, Unit] = {}
        for unit in units:
            if unit.key in self._units:
                raise ValueError(f"duplicate unit key {unit.key!r}")
            if unit.level is not None and unit.level not in LEVELS:
                raise ValueError(f"unit {unit.key!r}: unknown level {unit.level!r}")
            self._units[unit.key] = unit
        for unit in self._units.values():
            missing = [m for m in unit.members if m not in self._units]
            if missing:
                raise ValueError(f"group {unit.key!r} names unknown members {missing}")
        self._lookup: tuple[list[tuple[_Key, Unit]], dict[str, Unit]] | None = None

    def _keys(self) -> tuple[list[tuple[_Key, Unit]], dict[str, Unit]]:
        """Every written name prepared for matching, and the exact ones; built on first use
        (a command often builds registries it never resolves a name with)."""
        if self._lookup is None:
            index: list[tuple[_Key, Unit]] = []
            exact: dict[str, Unit] = {}
            for unit in self._units.values():
                for written in (unit.name, *unit.aliases):
                    key = _prepare(written, self.office)
                    if not key.text:
                        continue
                    index.append((key, unit))
                    exact.setdefault(key.text, unit)
            self._lookup = (index, exact)
        return self._lookup

    @classmethod
    def from_file(cls, path: Path) -> UnitRegistry:
        """Load a TOML units file (see knowledge/data/units/*.toml for the format)."""
        with Path(path).open("rb") as fh:
            data = tomllib.load(fh)
        office_data = data.get("office", {})
        office = Office(
            name=str(office_data.get("name", "")),
            level=office_data.get("level") or None,
            locality=str(office_data.get("locality", "")),
            structure=str(office_data.get("structure", "")),
        )
        units: list[Unit] = []
        for n, entry in enumerate(data.get("unit", []), start=1):
            try:
                units.append(
                    Unit(
                        key=str(entry["key"]),
                        name=clean_line(str(entry["name"])),
                        kind=str(entry["kind"]),
                        level=entry.get("level") or None,
                        aliases=tuple(clean_line(str(a)) for a in entry.get("aliases", [])),
                        members=tuple(str(m) for m in entry.get("members", [])),
                    )
                )
            except KeyError as exc:
                raise ValueError(f"{path}: unit #{n} lacks {exc.args[0]!r}") from exc
        return cls(units, office=office)

    def units(self) -> list[Unit]:
        """Every registered unit, in file order."""
        return list(self._units.values())

    def get(self, key: str) -> Unit | None:
        """The unit with this key, or None."""
        return self._units.get(key)

    def resolve(self, name: str, *, cutoff: float = 88) -> UnitMatch | None:
        """The registry unit a written name means, or None when nothing is close enough."""
        query = _prepare(name, self.office)
        if not query.text:
            return None
        unit = self._keys()[1].get(query.text)
        if unit is not None:
            return UnitMatch(unit, 100.0, True)
        found = self.candidates(name, limit=1, cutoff=cutoff)
        return found[0] if found else None

    def candidates(self, name: str, *, limit: int = 3, cutoff: float = 70) -> list[UnitMatch]:
        """The closest units, best first, for asking "có phải ý bạn là ...?"."""
        query = _prepare(name, self.office)
        if not query.text:
            return []
        best: dict[str, tuple[float, float, bool]] = {}
        for key, unit in self._keys()[0]:
            exact = key.text == query.text
            if not exact and not self._compatible(query, key, unit):
                continue
            score = 100.0 if exact else _score(query, key)
            tie = fuzz.ratio(query.text, key.text)
            if score >= cutoff and (score, tie) > best.get(unit.key, (-1.0, -1.0, False))[:2]:
                best[unit.key] = (score, tie, exact)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))
        return [
            UnitMatch(self._units[k], round(score, 1), exact)
            for k, (score, _, exact) in ranked[:limit]
        ]

    def _compatible(self, query: _Key, key: _Key, unit: Unit) -> bool:
        """The safeguards: plural/group, administrative level, place name, kind of body."""
        if query.plural != (unit.kind == "nhom"):
            return False
        own_level = self.office.level
        unit_levels = {unit.level} if unit.level else set(key.levels)
        if query.levels:
            if unit_levels and not query.levels & unit_levels:
                return False
        elif own_level is not None and unit.level not in (None, own_level) and key.levels:
            return False
        if query.place is not None:
            place = key.place[1] if key.place and key.place[0] == query.place[0] else None
            if place is None and unit.level == own_level == query.place[0]:
                place = _locality(self.office)[2]
            if not place or fuzz.ratio(place, query.place[1]) < 85:
                return False
        elif key.place is not None:
            return False  # "UBND xã" is no particular commune
        return not (query.head and key.head and query.head != key.head)

    def members(self, key: str) -> list[Unit]:
        """A group's member units, nested groups flattened; [] for a unit that is no group."""
        out: list[Unit] = []
        seen: set[str] = {key}
        stack = list(reversed(self._units[key].members)) if key in self._units else []
        while stack:
            member = self._units[stack.pop()]
            if member.key in seen:
                continue
            seen.add(member.key)
            if member.kind == "nhom":
                stack.extend(reversed(member.members))
            else:
                out.append(member)
        return out

    def groups_of(self, key: str) -> list[Unit]:
        """Every group that holds the unit, directly or through a nested group, nearest first."""
        out: list[Unit] = []
        frontier = [key]
        seen = {key}
        while frontier:
            nxt: list[str] = []
            for unit in self._units.values():
                if (
                    unit.kind == "nhom"
                    and unit.key not in seen
                    and any(m in frontier for m in unit.members)
                ):
                    seen.add(unit.key)
                    out.append(unit)
                    nxt.append(unit.key)
            frontier = nxt
        return out

    def in_context(self, name: str, writing: WritingLevel | None) -> str:
        """The name as the office reads it in a document written at another level: "Công an"
        or "các đoàn thể" in a commune's letter to a district office are the commune's, so
        the level word is added; a name that says its level, and bodies that exist at one
        level only (Sở, Bộ, Huyện ủy), stay as written."""
        if writing is None or writing.level == self.office.level or not self.office.level:
            return name
        key = fold_unit_key(name)
        tokens = key.split()
        if not tokens or _level_spans(tokens):
            return name
        head = key.removeprefix("cac ").removeprefix("nhung ")
        if head.startswith(_LEVEL_OWN_HEADS) or re.search(
            r"\b(?:trung uong|quoc gia|chinh phu)\b", key
        ):
            return name
        return f"{name} {writing.word}"

    def with_alias(self, key: str, alias: str) -> UnitRegistry:
        """A new registry where the unit `key` is also known as `alias` (the office confirmed)."""
        unit = self._units.get(key)
        if unit is None:
            raise KeyError(key)
        alias = clean_line(alias)
        updated = unit if alias in unit.aliases else replace(unit, aliases=(*unit.aliases, alias))
        units = [updated if u.key == key else u for u in self._units.values()]
        return UnitRegistry(units, office=self.office)

    def unregistered(self, name: str) -> Unit:
        """A unit for a name the registry lacks, for the office to confirm or merge.

        Its key is a slug of the matching key, so spellings of one name share it.
        """
        query = _prepare(name, self.office)
        slug = _slug(query.text)
        if slug in self._units:
            slug = f"{slug}-chua-dang-ky"
        level = next(iter(query.levels)) if len(query.levels) == 1 else None
        return Unit(
            key=slug,
            name=clean_line(name),
            kind="nhom" if query.plural else (query.head or "khac"),
            level=level,
            registered=False,
        )


def _score(query: _Key, key: _Key) -> float:
    """Similarity of two matching keys, 0..100, on what follows a shared head word.

    WRatio lets "Phòng Giáo dục" find "Phòng Giáo dục và Đào tạo"; where only one side has a
    head word the comparison is strict, so "huyện" or "Ủy ban" alone finds nothing.
    """
    if query.head == key.head:
        q, k = query.body, key.body
        if not q or not k:
            return 0.0
        if min(len(q), len(k)) < 5:
            # WRatio rates a short string found inside a long one highly ("vu" in "noi vu").
            return float(fuzz.ratio(q, k))
        return float(fuzz.WRatio(q, k))
    return max(_strict(query.text, key.text), _strict(query.body, key.body))


def _strict(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return float(max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)))
