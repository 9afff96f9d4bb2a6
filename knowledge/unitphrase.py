"""Find unit names inside document sentences: "Giao phòng Nội vụ huyện, phối hợp với ...".

A unit phrase starts with an optional quantifier ("các") and title ("Thủ trưởng", "Chủ tịch"),
then a head noun that says what kind of body it is (Phòng, Sở, Ủy ban, Hội, Công an...), then
the body's name: a known speciality ("Tài nguyên và Môi trường"), capitalised words,
abbreviations and locality words. The phrase ends where the task begins, which in Vietnamese
is the first predicate word ("phải", "chủ trì", "tổ chức", "khẩn trương"...).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge.text import match_key
from knowledge.unitphrase_levels import heads_carried
from knowledge.unitphrase_lexicon import (
    _CAPITAL_COLLECTIVE,
    _COLLECTIVE,
    _LOCALITIES,
    _NAME_CONTINUERS,
    _NOT_HEADS,
    _OWN_LEVEL,
    _STAFF,
    _STAFF_OR_MEMBER,
    _STANDING_BODIES,
    ADMINISTRATIVE_LEVELS,
    HEADS,
    LEVELS,
    NAME_WORDS,
    PREDICATES,
    QUANTIFIERS,
    TITLES,
    WEAK_HEADS,
    _comma_specialities,
    _phrases,
    _specialities,
)
from knowledge.unitphrase_lexicon import speciality_names as speciality_names
from knowledge.unittokens import (
    Token,
    _by_first_word,
    _match_at,
    _token_starts,
    _tokenize,
    tokenize,
)

# longest first, as _match_at reads phrase lists (no continuer is the start of another)
_CONTINUERS = tuple(sorted(_NAME_CONTINUERS, key=len, reverse=True))


# People named by the duty they were given, up to the task's verb: "các đồng chí phụ trách từng
# tiêu chí", "công chức được phân công phụ trách lĩnh vực đất đai".
_DUTY_HOLDERS = _phrases("đồng chí", "cán bộ", "công chức")
_DUTIES = _phrases("được phân công phụ trách", "phụ trách", "được phân công")
_DUTY_WORDS_MAX = 6


def _duty_end(tokens: Sequence[Token], at: int) -> int:
    """Index just past "<holder> (được phân công) phụ trách <what>" at `at`, or -1."""
    n = _match_at(tokens, at, _DUTY_HOLDERS)
    duty = _match_at(tokens, at + n, _DUTIES) if n else 0
    if not duty:
        return -1
    k = at + n + duty
    for m in range(k, min(len(tokens), k + _DUTY_WORDS_MAX + 1)):
        if tokens[m].key in {",", ";", ":", ".", "(", ")"} or _match_at(tokens, m, PREDICATES):
            return m
    return k  # no verb in sight: the duty's own words


@dataclass(frozen=True)
class UnitSpan:
    """Unit names found at one place of a sentence, and where the phrase ends."""

    names: tuple[str, ...]
    start: int  # character offsets in the sentence
    end: int


def _starts_unit(tokens: Sequence[Token], i: int, *, listed: bool = False) -> int:
    """If a unit name starts at token `i`, the index of its head's first token, else -1.

    `listed`: the word follows a comma or "và" in a list that began with a quantifier ("các
    cấp ủy, chính quyền và đoàn thể"), which reaches the bare nouns after it.
    """
    j = i
    quantified = listed
    while j < len(tokens) and tokens[j].key in QUANTIFIERS:
        j += 1
        quantified = True
    titled = False
    if _duty_end(tokens, j) >= 0 and (
        quantified or tokens[j].capitalised or tokens[j].key == "đồng"
    ):
        # "các đồng chí phụ trách địa bàn", "Công chức được phân công phụ trách ..."; not the
        # object of an assignment ("phân công thành viên phụ trách các xã")
        return j
    n = _match_at(tokens, j, TITLES)
    if n:
        # "Trưởng các đoàn thể", "Chủ tịch UBND": a title, then maybe a quantifier; "các đồng
        # chí Ủy viên BCH": titles may follow one another
        k = j + n
        while k < len(tokens) and tokens[k].key in QUANTIFIERS:
            k += 1
            quantified = True
        for _ in range(2):
            more = _match_at(tokens, k, TITLES)
            if not more or _match_at(tokens, k, HEADS) >= more:
                break
            k += more
        if _match_at(tokens, k, HEADS):
            j = k
            titled = True
        elif tuple(t.key for t in tokens[j : j + n]) in _STAFF_OR_MEMBER:
            pass
        else:
            return -1
    n = _match_at(tokens, j, HEADS)
    # "báo cáo", "ban hành": a longer verb that opens with a head's word is the verb
    if not n or max(_match_at(tokens, j, _NOT_HEADS), _match_at(tokens, j, PREDICATES)) > n:
        return -1
    head = tuple(t.key for t in tokens[j : j + n])
    if head == ("tổ", "chức") and not (quantified or titled):
        return -1  # "Tổ chức Tết Trung thu cho trẻ em": the verb, not a body
    if head == ("tổ", "chức") and titled and tokens[i].key == "lãnh" and not quantified:
        return -1  # "Lãnh đạo tổ chức đại hội": two verbs, not the leaders of a body
    if listed and head in _LOCALITIES and j == i:
        return -1  # "các phòng và xã ...": a bare locality is still a place
    if head in WEAK_HEADS and not (quantified or titled):
        nxt = tokens[j + n] if j + n < len(tokens) else None
        if head in _LOCALITIES:
            return -1  # a bare locality is a place, not an assignee
        # "Hội nông dân xã", "phòng nội vụ": a known field after it, written small, names a body
        field = _match_speciality(tokens, j + n) >= 2 and not _match_at(tokens, j + n, PREDICATES)
        if (
            head in _STANDING_BODIES
            and tokens[j].capitalised
            and _match_at(tokens, j + n, PREDICATES)
        ):
            return j  # "Thường trực hướng dẫn ...": the standing body named before (anaphora)
        if nxt is None or not (
            (nxt.capitalised and nxt.key not in {"(", ")"})
            or _match_at(tokens, j + n, LEVELS)
            or field
        ):
            return -1
        if not tokens[j].capitalised and head not in _STAFF and not field:
            return -1
    return j


def _name_end(tokens: Sequence[Token], head_at: int, group: bool = False) -> int:
    """Index just past the last token of the unit name whose head starts at `head_at`.

    `group` says the name began with a quantifier ("các sở, ban, ngành"): bare lower-case
    heads after commas then stay in it.
    """
    # Speciality right after the head: "Phòng Tài nguyên và Môi trường", "Sở Xây dựng". A head
    # may also be read shorter ("Ban" + "Quản lý dự án đầu tư xây dựng"): keep the longest.
    # A lower-case speciality must be long enough to be a name, not a verb ("tổ chức").
    i = head_at + _match_at(tokens, head_at, HEADS)
    if head_at >= len(tokens):
        return i
    duty = _duty_end(tokens, head_at)
    if duty > head_at:
        return duty
    # a Phòng or a Sở named by its speciality is whole (and any name once it has its level):
    # a word of another name after it is the task's ("Phòng Nội vụ đào tạo ...")
    named = False
    for phrase in _by_first_word(HEADS).get(tokens[head_at].key, ()):
        n = len(phrase)
        if tuple(t.key for t in tokens[head_at : head_at + n]) != phrase:
            continue
        # a Văn phòng's name lists the bodies it serves: "Văn phòng HĐND, UBND huyện"
        k = _match_speciality(tokens, head_at + n, any_comma=phrase in _OFFICE_HEADS)
        if k and (tokens[head_at + n].capitalised or k >= 3):
            i = max(i, head_at + n + k)
            named = named or phrase in _NAMED_BY_SPECIALITY
    first_word = True
    while i < len(tokens):
        tok = tokens[i]
        if tok.key == "(":
            close = _closing_paren(tokens, i)
            if close < 0:
                break
            i = close + 1
            continue
        if (
            tok.key == "."
            and i > 0
            and tokens[i - 1].key in _SHORT_LEVELS
            and i + 1 < len(tokens)
            and tokens[i + 1].capitalised
        ):
            i += 1  # "UBND TP. Tây Ninh": the level's own full stop, then the place
            continue
        if tok.key in {",", "và", "-", "–", "&"}:
            if tok.key in {",", "và"} and _body_at_level(tokens, head_at, i):
                break  # "Ủy ban MTTQ xã và đoàn thể xã": two bodies of the same level
            if i + 1 < len(tokens) and _continues_name(tokens, i + 1, tok.key, group=group):
                i += 1 + _continuation_length(tokens, i + 1)
                continue
            break
        if group and tok.key == "khác":
            i += 1  # "các bộ, ban, ngành khác": the others of a group
            continue
        if tok.key == "số" and i + 1 < len(tokens) and tokens[i + 1].key.isdigit():
            i += 2  # "Tổ công tác số 1", "Tổ dân phố số 5": the body's number
            continue
        if (
            named
            and not tok.capitalised
            and tok.key in NAME_WORDS
            and not _match_at(tokens, i, LEVELS)
            and not _match_at(tokens, i, _CONTINUERS)
        ):
            break
        if _continues_name(tokens, i, "", first_word=first_word):
            # past its level a name takes only its place, more levels and continuers:
            # "Ủy ban nhân dân xã đào tạo ..." gives the xã a task of training
            named = named or bool(_match_at(tokens, i, LEVELS))
            i += _continuation_length(tokens, i)
            first_word = False
            continue
        level_at = _run_to_level(tokens, head_at, i)
        if level_at:
            i = level_at  # the loop takes the level (and its place) as it always does
            first_word = False
            continue
        if _bridges_capitals(tokens, head_at, i):
            i += 1  # "Đài Tiếng nói Việt Nam": a small word inside a name written in capitals
            first_word = False
            continue
        break
    return i


def _bridges_capitals(tokens: Sequence[Token], head_at: int, i: int) -> bool:
    """Whether the lower-case word at `i` sits between capitalised words of one name: the
    word before it is capitalised (not the head), the word after it is too and opens no new
    unit, and it is no predicate, head or joining word."""
    if i <= head_at + 1 or i + 1 >= len(tokens):
        return False
    if any(_match_at(tokens, k, LEVELS) for k in range(head_at, i)):
        return False  # "Công an xã Hòa Bình trực Tết": a place ends the name
    before, tok, after = tokens[i - 1], tokens[i], tokens[i + 1]
    return (
        before.capitalised
        and not before.abbreviation
        and tok.key.isalpha()
        and not tok.capitalised
        and tok.key not in _NOT_IN_RUN
        and not _match_at(tokens, i, PREDICATES)
        and not _match_at(tokens, i, HEADS)
        and after.capitalised
        and after.key.isalpha()
        and not after.abbreviation
        and not _match_at(tokens, i + 1, HEADS)
        and not _match_at(tokens, i + 1, TITLES)
    )


_RUN_MAX = 6
# Words that never sit inside a body's name: they tie the task's words together instead.
_NOT_IN_RUN = frozenset(
    match_key(w)
    for w in (
        "của và với để về theo trong từ đến cho tại ở trên dưới các những có được đã đang sẽ "
        "là thì mà nếu khi bằng qua nhằm đối việc hoặc như sau này đó toàn mỗi từng cả mọi"
    ).split()
)


def _social(tokens: Sequence[Token], k: int) -> bool:
    """Whether the "xã" at `k` is the first half of "xã hội" (social), not a commune."""
    return tokens[k].key == "xã" and k + 1 < len(tokens) and tokens[k + 1].key == "hội"


def _run_to_level(tokens: Sequence[Token], head_at: int, i: int) -> int:
    """Where a level closes a name through lower-case words the lexicon does not know.

    A body's name ends with its level ("Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện", "đơn vị
    lực lượng vũ trang cấp tỉnh"), so a level a few words on, with no predicate, head or
    joining word before it, ends the name there: the lexicon of name words cannot hold every
    field a body is named after. Returns the level's index, or 0. A name that already has its
    level is not run on ("Công an xã thường xuyên tuần tra ... địa bàn xã").
    """
    if any(_match_at(tokens, k, LEVELS) for k in range(head_at, i)):
        return 0
    k, end = i, min(len(tokens), i + _RUN_MAX + 1)
    while k < end:
        if _social(tokens, k):
            k += 2  # "Trung tâm an sinh xã hội phường": a field, the level is still to come
            continue
        if k > i and _match_at(tokens, k, ADMINISTRATIVE_LEVELS):
            return k
        tok = tokens[k]
        if (
            not tok.key.isalpha()
            or tok.capitalised
            or tok.key in _NOT_IN_RUN
            or tok.key in QUANTIFIERS
            or _match_at(tokens, k, PREDICATES)
            or _match_at(tokens, k, HEADS)
            or _match_at(tokens, k, LEVELS)
        ):
            return 0
        k += 1
    return 0


_SHORT_LEVELS = frozenset({"tp", "tx", "tt"})
_NAMED_BY_SPECIALITY = frozenset(_phrases("phòng", "sở", "chi cục", "cục", "bộ"))
# Name words that are verbs on their own: in a name only after their partner ("bầu cử"); "Phòng
# Giáo dục và Đào tạo cử cán bộ" sends someone.
_ONLY_AFTER = {
    "cử": frozenset({"bầu", "ứng"}),
    "trực": frozenset({"thường"}),
    # school levels and fields: "trường mầm non", "rừng đặc dụng", "chữa cháy" ("Hội Nông dân
    # non ..." is no name)
    **{w: frozenset(p) for w, p in (("non", ("mầm",)), ("dụng", ("đặc",)))},
    "cháy": frozenset({"phòng", "chữa"}),
}
# Verbs that end a noun with the word before them: "công lập" (public), "chương trình"
# (programme), "công trình" (works), "quy trình", "hậu cần" (logistics).
# Fields written with a comma of their own ("phòng cháy, chữa cháy", "cứu nạn, cứu hộ",
# "phòng, chống thiên tai"): the words on either side of it, which no list of bodies joins.
_COMMA_INSIDE = frozenset({("cháy", "chữa"), ("nạn", "cứu"), ("phòng", "chống")})
_SECOND_HALF_OF = {
    "lập": frozenset({"công", "dân", "độc"}),
    "trình": frozenset({"chương", "công", "quy", "lộ"}),
    "cần": frozenset({"hậu"}),  # "Tiểu ban Hậu cần": logistics
}
# ... or only before theirs: "trực thuộc" ("Công an xã trực Tết" is on duty).
_ONLY_BEFORE = {
    "trực": frozenset({"thuộc"}),
    "trên": frozenset({"địa"}),
    **{w: frozenset({n}) for w, n in (("tiểu", "học"), ("mầm", "non"), ("phổ", "thông"))},
    **{w: frozenset({n}) for w, n in (("đặc", "dụng"), ("chữa", "cháy"), ("trung", "học"))},
}
# The last words of bare group nouns ("đơn vị", "cơ quan", "xã"): "trên" after one points back.
_WEAK_HEAD_ENDS = frozenset(head[-1] for head in WEAK_HEADS)


def _body_at_level(tokens: Sequence[Token], head_at: int, joiner: int) -> bool:
    """Whether a name with its level ends at `joiner` and a bare body with a level follows:
    "Ủy ban MTTQ Việt Nam xã và đoàn thể xã" names two bodies, though "đoàn thể" is written
    small and would otherwise carry the first name on."""
    if not any(_match_at(tokens, k, LEVELS) for k in range(head_at, joiner)):
        return False
    n = _match_at(tokens, joiner + 1, HEADS)
    return bool(n) and bool(_match_at(tokens, joiner + 1 + n, ADMINISTRATIVE_LEVELS))


def _bare_collective(tokens: Sequence[Token], after: int) -> bool:
    """A collective noun is bare when a joiner, the end or a group's qualifier follows it:
    "các cơ quan, tổ chức có liên quan" is one group, "các cấp ủy, tổ chức đảng" two bodies."""
    if after >= len(tokens) or tokens[after].key in {",", ";", "và", ".", ":", "(", ")"}:
        return True
    if _match_at(tokens, after, _CONTINUERS) or tokens[after].key in {"liên", "có", "khác"}:
        return True
    return bool(_match_at(tokens, after, LEVELS)) or bool(_match_at(tokens, after, PREDICATES))


def _continuation_length(tokens: Sequence[Token], i: int) -> int:
    """How many tokens the name-continuing word or phrase at `i` spans."""
    continued = _match_at(tokens, i, _CONTINUERS)
    if continued:
        return continued
    if _match_at(tokens, i, _QUANTIFIER_PHRASES):
        k = i + 2
        return 2 + max(1, _match_at(tokens, k, LEVELS), _match_at(tokens, k, HEADS))
    if tokens[i].key in QUANTIFIERS and not (i > 0 and tokens[i - 1].key == "an"):
        # ("an toàn": safety, no "toàn" of "toàn tỉnh": "Ban An toàn giao thông báo cáo")
        return 1 + max(1, _match_at(tokens, i + 1, LEVELS), _match_at(tokens, i + 1, HEADS))
    return max(1, _match_at(tokens, i, LEVELS), _match_at(tokens, i, HEADS))


_OFFICE_HEADS = frozenset(_phrases("văn phòng", "vp"))


def _match_speciality(tokens: Sequence[Token], i: int, *, any_comma: bool = False) -> int:
    """Length of a known office speciality at `i`, ignoring punctuation inside it."""
    if i >= len(tokens):
        return 0
    candidates = _by_first_word(_specialities()).get(tokens[i].key)
    if not candidates:
        return 0
    keys: list[str] = []
    positions: list[int] = []
    commas: list[int] = []  # how many commas precede each kept word
    j = i
    seen_commas = 0
    while j < len(tokens) and len(keys) < 12:
        if tokens[j].key == ",":
            seen_commas += 1
        elif tokens[j].key not in {"-", "–", "&"}:
            keys.append(tokens[j].key)
            positions.append(j)
            commas.append(seen_commas)
        j += 1
    with_comma = _comma_specialities()
    for phrase in candidates:  # longest first
        n = len(phrase)
        if tuple(keys[:n]) == phrase and (commas[n - 1] == 0 or any_comma or phrase in with_comma):
            return positions[n - 1] + 1 - i
    return 0


def _closing_paren(tokens: Sequence[Token], i: int) -> int:
    depth = 0
    for j in range(i, min(len(tokens), i + 40)):
        if tokens[j].key == "(":
            depth += 1
        elif tokens[j].key == ")":
            depth -= 1
            if depth == 0:
                return j
    return -1


_QUANTIFIER_PHRASES = _phrases("một số", "một vài")


def _continues_name(
    tokens: Sequence[Token], i: int, joiner: str, first_word: bool = False, group: bool = False
) -> bool:
    """Whether token `i` carries on the current unit name (after `joiner`, if any)."""
    tok = tokens[i]
    if joiner == "," and i >= 2 and (tokens[i - 2].key, tok.key) in _COMMA_INSIDE:
        return True  # "Đội ... phòng cháy, chữa cháy rừng": the field's own comma
    if (
        group
        and joiner == ","
        and (not tok.capitalised or tok.key in _CAPITAL_COLLECTIVE)
        and tok.key not in QUANTIFIERS
        and not _match_at(tokens, i, TITLES)
        and _match_at(tokens, i, HEADS)
        and tuple(t.key for t in tokens[i : i + _match_at(tokens, i, HEADS)]) in _COLLECTIVE
        and _bare_collective(tokens, i + _match_at(tokens, i, HEADS))
    ):
        return True  # "các chi bộ, đảng bộ trực thuộc": one group
    if group and joiner in {",", "và"} and _starts_unit(tokens, i, listed=True) >= 0:
        return False  # "các cấp ủy, chính quyền": a body of its own in the list
    if joiner in {",", "và"} and _starts_unit(tokens, i) >= 0:
        return False  # a new unit begins: the caller splits here
    if _match_at(tokens, i, LEVELS):
        return True
    if _match_at(tokens, i, _CONTINUERS):
        return True
    if (
        tok.key in QUANTIFIERS
        and i + 1 < len(tokens)
        and (_match_at(tokens, i + 1, LEVELS) or (joiner and _match_at(tokens, i + 1, HEADS)))
    ):
        return True  # "UBND các xã", "các huyện, các thị xã"
    if _match_at(tokens, i, _QUANTIFIER_PHRASES) and (
        _match_at(tokens, i + 2, LEVELS) or _match_at(tokens, i + 2, HEADS)
    ):
        return True  # "UBND một số xã"
    if tok.abbreviation:
        return True
    pred = _match_at(tokens, i, PREDICATES)
    if tok.capitalised and tok.key.isalpha():
        # A capitalised predicate continues a name only right after its head ("Ban Chỉ đạo").
        return not pred or first_word
    if pred and i > 0 and tokens[i - 1].key in _SECOND_HALF_OF.get(tok.key, ()):
        return True  # "sự nghiệp công lập", "Chương trình": the end of a noun, not a verb
    if pred:
        return False
    if tok.key in NAME_WORDS:
        partners = _ONLY_AFTER.get(tok.key)
        nxt = _ONLY_BEFORE.get(tok.key)
        if partners is None and nxt is None:
            return True
        if partners is not None and i > 0 and tokens[i - 1].key in partners:
            return True
        if tok.key == "trên" and i > 0 and tokens[i - 1].key in _WEAK_HEAD_ENDS:
            # "các đơn vị trên": the units named above; not "trên cơ sở" (based on)
            return [t.key for t in tokens[i + 1 : i + 3]] != ["cơ", "sở"]
        return nxt is not None and i + 1 < len(tokens) and tokens[i + 1].key in nxt
    # bare weak heads in a list after a quantified group: "các sở, ban, ngành"
    return bool(joiner and _match_at(tokens, i, HEADS))


def opens_with_predicate(text: str) -> bool:
    """Whether the text opens with a verb that begins a task ("Tổ chức ...", "Đẩy mạnh ...")."""
    tokens = tokenize(text.strip())
    return bool(tokens) and bool(_match_at(tokens, 0, PREDICATES))


def parse_units_at(text: str, offset: int = 0, *, addressed: bool = False) -> UnitSpan | None:
    """The unit names that start at character `offset` of `text` (after spaces), if any.

    Several units joined by commas, semicolons and "và" come back as separate names; a
    group keeps its own words ("các sở, ban, ngành tỉnh"). `addressed`: the words follow a cue
    that addresses bodies ("yêu cầu cấp ủy, chính quyền xã ..."), so bare nouns that name
    bodies are bodies there, as after a quantifier.
    """
    members = _MEMBERS_OF.match(text, offset)
    if members:
        # "các đồng chí trong Ban Thường vụ, Thường trực HĐND ...": the bodies they sit in
        inner = parse_units_at(text, members.end(), addressed=True)
        if inner and inner.start - members.end() <= 1:
            return UnitSpan(inner.names, members.start(1), inner.end)
    tokens = tokenize(text)
    idx = bisect_left(_token_starts(text), offset)
    if idx >= len(tokens):
        return None
    span = _parse_units(text, tokens, idx, addressed=addressed)
    if span is None:
        return None
    span = _distributed(text, tokens, span)
    return UnitSpan(heads_carried(span.names), span.start, span.end)


_MEMBERS_OF = re.compile(r"\s*((?:các\s+)?đồng chí)\s+(?:trong|thuộc)\s+", re.IGNORECASE)
# "các phường: Trần Phú, Lê Lợi", "các sở: Xây dựng, Tài chính": a plural head, a colon, and the
# names it stands before, each a body of its own.
_PLURAL_THEN_COLON = re.compile(
    r"^(?P<before>.*?)\b(?:các|những)\s+(?P<head>[^\s:]+(?:\s[^\s:]+){0,2})$"
)
_ITEM_MAX = 8  # tokens of one listed name ("Tài nguyên - Môi trường")


def _distributed(text: str, tokens: Sequence[Token], span: UnitSpan) -> UnitSpan:
    """Distribute the span's last name over a list after a colon: "UBND các phường: Trần Phú,
    Lê Lợi" names "UBND phường Trần Phú" and "UBND phường Lê Lợi"."""
    m = _PLURAL_THEN_COLON.match(span.names[-1]) if span.names else None
    if not m:
        return span
    head = m.group("head")
    head_words = tuple(match_key(head).split())
    # a level or a body named by its place ("các hạt kiểm lâm: Ba Vì, Sóc Sơn") lists places,
    # written in capitals; a Sở or Phòng lists specialities, which go on in small letters
    at_level = head_words not in _NAMED_BY_SPECIALITY
    i = bisect_left(_token_starts(text), span.end)
    if i >= len(tokens) or tokens[i].key != ":":
        return span
    items: list[str] = []
    end = span.end
    i += 1
    while i < len(tokens) and tokens[i].capitalised and tokens[i].key.isalpha():
        first = i
        i += 1
        # a place is written in capitals ("Hải Cảng"); a speciality goes on in small letters
        # ("Xây dựng", "Quy hoạch - Kiến trúc") until a joining word, a predicate or a comma
        while i < len(tokens) and i - first < _ITEM_MAX:
            tok = tokens[i]
            if tok.key == "-" and i + 1 < len(tokens) and tokens[i + 1].capitalised:
                i += 1
                continue
            if not tok.key.isalpha() or tok.key in _NOT_IN_RUN or tok.key in QUANTIFIERS:
                break
            if at_level and not tok.capitalised:
                break
            if (
                not tok.capitalised
                and tok.key not in NAME_WORDS
                and (_match_at(tokens, i, PREDICATES) or _match_at(tokens, i, HEADS))
            ):
                break
            i += 1
        items.append(text[tokens[first].start : tokens[i - 1].end])
        end = tokens[i - 1].end
        if i < len(tokens) and tokens[i].key in {",", "và"}:
            i += 1
            continue
        break
    if len(items) < 2:
        return span
    before = m.group("before")
    written_head = head if before.strip() else head[:1].upper() + head[1:]
    names = tuple(clean_unit_name(f"{before}{written_head} {item}") for item in items)
    return UnitSpan((*span.names[:-1], *names), span.start, end)


def _parse_units(
    text: str, tokens: Sequence[Token], idx: int, *, addressed: bool = False
) -> UnitSpan | None:
    names: list[str] = []
    i = idx
    start_char = tokens[idx].start if idx < len(tokens) else 0
    end_char = start_char
    listed = addressed  # the list began with a quantifier: its bare nouns are bodies too
    bare_next = False  # a bare body after a name with its level ("... xã và đoàn thể xã")
    titled_from = -1  # where a title over a group began ("Thủ trưởng các sở, ban ngành, ...")
    while i < len(tokens):
        head = i if bare_next else _starts_unit(tokens, i, listed=listed)
        bare_next = False
        if head < 0:
            break
        group = any(t.key in QUANTIFIERS for t in tokens[i:head]) or listed
        listed = listed or group
        end = _name_end(tokens, head, group=group)
        # the heads of a group, then more kinds of body in small letters: "Thủ trưởng các cơ
        # quan, đơn vị, các doanh nghiệp trên địa bàn" are the heads of each, one group
        goes_on = (
            titled_from >= 0
            and tokens[i - 1].key in {",", "và"}  # not past a ";"
            and not tokens[i].capitalised
            and tokens[i].key not in QUANTIFIERS  # "..., các cơ quan Trung ương": a group anew
            and not _match_at(tokens, i, TITLES)
        )
        if not goes_on:
            titled_from = i if _titled_group(tokens, i, head) else -1
        name = clean_unit_name(
            text[tokens[titled_from if goes_on else i].start : tokens[end - 1].end]
        )
        if name and goes_on and names:
            names[-1] = name
        elif name:
            names.append(name)
        end_char = tokens[end - 1].end
        i = end
        # another unit after ",", ";" or "và"
        if i < len(tokens) and tokens[i].key in {",", ";", "và"}:
            j = i + 1
            if j < len(tokens) and tokens[j].key == "và":
                j += 1
            if j < len(tokens) and _starts_unit(tokens, j, listed=listed) >= 0:
                i = j
                continue
            if _body_at_level(tokens, head, i):
                i = j
                bare_next = True
                continue
        break
    if not names:
        return None
    return UnitSpan(tuple(_share_level(names)), start_char, end_char)


def _titled_group(tokens: Sequence[Token], i: int, head: int) -> bool:
    """Whether the unit at `i` is a title over a group: "Thủ trưởng các ...", "Giám đốc các"."""
    n = _match_at(tokens, i, TITLES)
    return bool(n) and i + n < head and tokens[i + n].key in QUANTIFIERS


_LEVEL_TAIL = re.compile(
    r"\s+(?P<level>(?:xã|phường|thị trấn|huyện|thị xã|quận|tỉnh|thành phố)"
    r"(?:\s+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|\d+)){0,3})$"
)
_HAS_LEVEL = re.compile(r"\b(?:xã|phường|thị trấn|huyện|thị xã|quận|tỉnh|thành phố|cấp)\b", re.I)


def _share_level(names: list[str]) -> list[str]:
    """A level written once after a list belongs to each body of it: "Công an, Quân sự xã" is
    the commune's police and its military command; "Thường trực HĐND, UBND xã" the commune's.

    Bodies that carry their own level (Sở, Bộ, Cục) and names that already say one keep theirs.
    """
    if len(names) < 2:
        return names
    tail = _LEVEL_TAIL.search(names[-1])
    last = tokenize(names[-1])
    if tail is None or any(t.key in QUANTIFIERS for t in last) or "," in names[-1]:
        return names  # "UBND các huyện, thành phố": a group's levels, not one body's
    level = tail.group("level")
    out = []
    for name in names[:-1]:
        tokens = tokenize(name)
        k = 0
        while k < len(tokens) and tokens[k].key in QUANTIFIERS:
            k += 1
        n = _match_at(tokens, k, HEADS)
        own_level = tuple(t.key for t in tokens[k : k + n]) in _OWN_LEVEL
        # only a bare body ("Công an", "Thường trực HĐND") needs the level to be known; a
        # named office ("Phòng Tài chính - Kế hoạch") stays as written
        named = any(not t.abbreviation for t in tokens[k + n :] if t.key.isalnum())
        if (
            own_level
            or named
            or _HAS_LEVEL.search(name)
            or any(t.key in QUANTIFIERS for t in tokens)
        ):
            out.append(name)
        else:
            out.append(f"{name} {level}")
    return [*out, names[-1]]


@lru_cache(maxsize=1)
def _starter_keys() -> frozenset[str]:
    """First words that can open a unit name (quantifier, title or head)."""
    return frozenset({*QUANTIFIERS, *(p[0] for p in TITLES if p), *(p[0] for p in HEADS if p)})


def unit_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Character spans of the unit lists that begin at a word of text[start:], left to right."""
    tokens = _tokenize(text)
    starters = _starter_keys()
    spans: list[tuple[int, int]] = []
    i = bisect_left(_token_starts(text), start)
    while i < len(tokens):
        if tokens[i].key in starters and _starts_unit(tokens, i) >= 0:
            span = _parse_units(text, tokens, i)
            if span:
                spans.append((span.start, span.end))
                i = bisect_left(_token_starts(text), span.end)
                continue
        i += 1
    return spans


def units_in(text: str) -> tuple[str, ...]:
    """Every unit name that starts a list anywhere in `text` (for cells and field values)."""
    tokens = tokenize(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        span = _parse_units(text, tokens, i) if _starts_unit(tokens, i) >= 0 else None
        if span:
            out.extend(n for n in span.names if n not in out)
            i = next((k for k, t in enumerate(tokens) if t.start >= span.end), len(tokens))
        else:
            i += 1
    return tuple(out)


_TRAILING = re.compile(r"[\s,;:.\-–(]+$")
# ("các đồng chí phụ trách địa bàn" keeps its words: people named by their duty)
_LEADING = re.compile(
    r"^(?:đồng chí|đ/c|các đồng chí|các đ/c)\s+(?!(?:được phân công|phụ trách)\b)",
    re.IGNORECASE,
)


def clean_unit_name(name: str) -> str:
    """Trim punctuation, parentheses and "đồng chí" from a unit name as found in a sentence."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = _LEADING.sub("", name.strip())
    name = _TRAILING.sub("", name)
    return re.sub(r"\s+", " ", name).strip()
