"""Seeded fuzzing of the router: messages people, careless users and attackers could send.

Every message goes through the real Router of a TrustOffice (tests/handlers/trust_office.py)
from one of its actors, or from a stranger with a name no one would choose. What is sent:
commands with any arguments, button data of every kind with ids of every size, progress words,
questions, numbered choices, files; with control characters, NUL, lone surrogates, FTS5 and
tsquery syntax, digits of other scripts, 100 KB texts and ids past 2**63 mixed in.

`fuzz` reports the generic-error replies and every log record with a traceback (or at ERROR):
both must be none.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from handlers import texts
from handlers.messages import Attachment, ChatKind, ChatRef, IncomingMessage, Sender
from handlers.router import COMMANDS, parse_command
from tests.handlers.trust_office import LIVE_NOTICE, ROLES, TrustOffice

HUGE_IDS = (
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "9" * 40,
    "9" * 1000,
    "9" * 5000,
)
ODD_DIGITS = ("²", "١٢", "１２", "٣٤٥", "Ⅻ", "0", "00", "-1", "+3", "1e9", "3.5", " 7 ")
JUNK = (
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u0301" * 30,
    '"',
    "'",
    "NEAR(a b)",
    "*",
    "^",
    ":",
    "AND",
    "OR NOT",
    "a:*",
    "!&|",
    "<->",
    "(",
    ")",
    "%",
    "_",
    "\\",
    "{",
    "}",
    "<b>",
    "</i>",
    "&amp;",
    "$\\frac{",
    "=HYPERLINK(",
    "😀",
    "𝕏",
    "\U0010ffff",
    "ǅ",
    "ß",
    "İ",
)
WORDS = (
    "việc",
    "phòng",
    "Nội vụ",
    "Tư pháp",
    "hạn",
    "quá hạn",
    "tuần này",
    "tháng 3",
    "thông báo 60",
    "xong",
    "đã hoàn thành",
    "vướng mắc",
    "gia hạn",
    "đến",
    "ngày",
    "20/3/2023",
    "31/2/2023",
    "99/99/99999",
    "0/0/0",
    "tiến độ",
    "chi tiết",
    "xem thêm",
    "đơn vị tôi",
    "được giao",
    "gì",
    "?",
)
BUTTON_KINDS = (
    "approve",
    "refuse",
    "bindok",
    "bindno",
    "docok",
    "docdrop",
    "docedit",
    "editone",
    "editlead",
    "editdue",
    "setlead",
    "extend",
    "extok",
    "extno",
    "cfok",
    "cfno",
    "done",
    "doing",
    "blocked",
    "bind",
    "more",
    "detail",
    "unit",
    "",
    "x" * 70,
)


@dataclass
class FuzzReport:
    """What a fuzz run found."""

    messages: int = 0
    generic: list[str] = field(default_factory=list)  # the messages answered with the error
    tracebacks: list[str] = field(default_factory=list)  # log records with exc_info or ERROR
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.bad: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self.bad.append(record)


@contextmanager
def _recording() -> Iterator[_Recorder]:
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    try:
        yield recorder
    finally:
        root.removeHandler(recorder)


class Fuzzer:
    """Makes the messages; one random generator, so a seed gives the same run."""

    def __init__(self, office: TrustOffice, seed: int) -> None:
        self.office = office
        self.rng = random.Random(seed)
        ids = office.ids
        self.ids = [str(v) for v in ids.values() if isinstance(v, int)]

    # -- pieces ------------------------------------------------------------------------------

    def number(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.rng.choice(self.ids)
        if r < 0.65:
            return self.rng.choice(HUGE_IDS)
        if r < 0.8:
            return self.rng.choice(ODD_DIGITS)
        return str(self.rng.randint(1, 10**6))

    def junk(self, most: int = 6) -> str:
        parts = [self.rng.choice(JUNK + WORDS) for _ in range(self.rng.randint(1, most))]
        return " ".join(parts) if self.rng.random() < 0.5 else "".join(parts)

    def day(self) -> str:
        return self.rng.choice(
            [f"{self.number()}/{self.number()}/{self.number()}", "20/4/2023", "31/2/2024"]
        )

    def words(self) -> str:
        n, rng = self.number(), self.rng
        forms: list[Callable[[], str]] = [
            lambda: f"xong {n}",
            lambda: f"hoàn thành việc {n} {self.junk()}",
            lambda: f"việc {n} đã hoàn thành theo báo cáo số 30/BC-NV{self.junk(2)}",
            lambda: f"{n} đang thực hiện {rng.randint(0, 10**9)}% {self.junk(2)}",
            lambda: f"việc {n} gặp vướng mắc {self.junk()}",
            lambda: f"xin gia hạn việc {n} đến {self.day()} {self.junk(2)}",
            lambda: f"tiến độ {self.junk(3)}",
            lambda: f"tiến độ thông báo {n}",
            lambda: "đơn vị nào chậm nhất?",
            lambda: f"chi tiết {n}",
            lambda: "xem thêm",
            lambda: f"Phòng Nội vụ được giao việc gì {self.junk(2)}",
            lambda: f"việc đến hạn từ ngày {self.day()} đến {self.day()}",
            lambda: f"tính đến ngày {self.day()} việc nào quá hạn",
            lambda: f"tổng hợp tháng {n}",
            lambda: self.junk(12),
            lambda: n,
            lambda: rng.choice(["1", "2", "3", "0", "99999999999999999999", "1."]),
            lambda: "a " * rng.choice([600, 50_000]),  # too long, up to 100 KB
            lambda: rng.choice(JUNK) * rng.randint(1, 2000),
        ]
        return rng.choice(forms)()

    def command(self) -> str:
        rng = self.rng
        names = [n for c in COMMANDS for n in (c.name, *c.aliases)]
        name = rng.choice([*names, "khong_co", "", "viec@GiaoViecBot", "VIEC", "dăngký"])
        args = rng.choice(
            [
                "",
                self.number(),
                self.junk(),
                self.words(),
                f"{self.number()} {rng.choice(['xong', 'dang', 'vuongmac', 'giahan', 'x'])} "
                f"{self.junk(3)}",
                f"telegram:{self.number()} {rng.choice(['lanhdao', 'quantri', 'bo', 'vua'])}",
                f"zalo:{self.junk(2)} lanhdao",
                self.day(),
                f"{self.day()} - {self.day()}",
                "Phòng Tư pháp",
                "x" * rng.choice([10, 999, 1001]),
            ]
        )
        return f"/{name} {args}".rstrip()

    def callback(self) -> str:
        rng = self.rng
        kind = rng.choice(BUTTON_KINDS)
        value = rng.choice(
            [
                self.number(),
                f"{self.number()}:{self.number()}",
                f"{self.number()}:-",
                f"{self.number()}:2023-03-{rng.randint(0, 40):02d}",
                f"{self.number()}:phong-noi-vu",
                f"{self.number()}:{self.junk(1)}",
                "phong-noi-vu",
                "Phòng Tư pháp",
                self.junk(2),
                "",
            ]
        )
        return f"{kind}:{value}" if rng.random() < 0.95 else kind

    def stranger(self) -> tuple[ChatRef, Sender]:
        rng = self.rng
        platform = self.office.platform
        user = rng.choice([str(rng.randint(10**6, 10**7)), self.junk(2)[:40], "x" * 101])
        name = rng.choice(["", self.junk(3), "Tên\x00 có NUL", "\ud83d", "A" * 5000])
        kind = rng.choice([ChatKind.PRIVATE, ChatKind.GROUP])
        chat_id = user if kind is ChatKind.PRIVATE else f"-{rng.randint(1, 10**12)}"
        return ChatRef(platform, chat_id, kind), Sender(user, name, rng.random() < 0.3)

    # -- messages ----------------------------------------------------------------------------

    def message(self) -> tuple[str, IncomingMessage]:
        rng = self.rng
        if rng.random() < 0.1:
            chat, sender = self.stranger()
            title = self.junk(2)
        else:
            actor = self.office.actors[rng.choice([*ROLES, "admin", "member_a", "group_a"])]
            chat, sender, title = actor.chat, actor.sender, actor.title
        r = rng.random()
        if r < 0.3:
            return "button", IncomingMessage(chat, sender, callback=self.callback())
        if r < 0.6:
            text = self.command()
            command, args = parse_command(text)
            return "command", IncomingMessage(
                chat,
                sender,
                text=text,
                command=command,
                args=args,
                mentions_bot=True,
                chat_title=title,
            )
        if r < 0.97:
            return "words", IncomingMessage(
                chat,
                sender,
                text=self.words(),
                mentions_bot=rng.random() < 0.9,
                replies_to_bot=rng.random() < 0.1,
                chat_title=title,
            )
        return "file", IncomingMessage(
            chat,
            sender,
            attachments=(self.attachment(),),
            mentions_bot=True,
            chat_title=title,
        )

    def attachment(self) -> Attachment:
        rng = self.rng
        name = rng.choice(["tb.txt", "a.docx", "b.pdf", "c", self.junk(2) + ".txt", "\x00.txt"])
        content = rng.choice(
            [
                b"",
                rng.randbytes(rng.randint(1, 4096)),
                bytes(rng.randrange(0x80, 0x100) for _ in range(3000)),
                LIVE_NOTICE.replace("60/TB", f"{rng.randint(100, 10**6)}/TB").encode(),
                (LIVE_NOTICE.replace("\n", " ") * 3).encode("utf-16"),
                self.junk(40).encode("utf-8", "surrogatepass"),
            ]
        )
        return Attachment(name, content)


def fuzz(office: TrustOffice, count: int, seed: int) -> FuzzReport:
    """Send `count` messages made from `seed`; what went wrong, if anything."""
    fuzzer = Fuzzer(office, seed)
    report = FuzzReport()
    started = time.perf_counter()
    with _recording() as recorder:
        for _ in range(count):
            kind, message = fuzzer.message()
            report.kinds[kind] = report.kinds.get(kind, 0) + 1
            replies = office.router.dispatch(message)
            report.messages += 1
            if any(r.title == texts.ROUTER_FAILED for r in replies):
                report.generic.append(repr(message)[:300])
    report.tracebacks = [
        f"{r.levelname} {r.name}: {r.getMessage()[:200]} ({r.exc_info[1]!r})"
        if r.exc_info
        else f"{r.levelname} {r.name}: {r.getMessage()[:200]}"
        for r in recorder.bad
    ]
    report.seconds = time.perf_counter() - started
    return report
