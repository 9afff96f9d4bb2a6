"""One command table and one dispatch: an incoming message of any platform -> replies."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from handlers import texts
from handlers.answering import Answer, AskContext, Services, answer_text, detail_answer
from handlers.messages import Button, ChatKind, IncomingMessage, Reply
from handlers.state import ChatMemory, ChatState, MemoryChatState
from handlers.understanding import Intent, parse_question
from knowledge.text import fold
from knowledge.units import Unit, UnitMatch

log = logging.getLogger(__name__)

# Longer messages are pasted documents, not questions; understanding them would only be slow.
MAX_TEXT_CHARS = 1000
# A unit is taken without asking when it matches this well and clearly beats the runner-up.
DECISIVE_SCORE = 90.0
DECISIVE_MARGIN = 10.0
SUGGEST_CUTOFF = 60.0

# Questions in the understanding's own (folded) words: commands are answered as if asked.
_OWN_UNIT_QUESTION = "don vi toi duoc giao viec gi"
_UNIT_QUESTION = "{name} duoc giao viec gi"
_DUE_QUESTION = "viec den han {period}"
_DUE_RANGE_QUESTION = "viec den han tu ngay {start} den ngay {end}"
_OVERDUE_QUESTION = "viec nao qua han"
_OVERDUE_AS_OF_QUESTION = "tinh den ngay {date} viec nao qua han"
_MORE_QUESTION = "xem them"
_DETAIL_QUESTION = "chi tiet {n}"
_DEFAULT_PERIOD = "tuan nay"

_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ONE_DATE = re.compile(_DATE)
_TWO_DATES = re.compile(_DATE + r"\s*(?:-|–|den|toi)\s*" + _DATE)
_COMMAND = re.compile(r"/(\S*)\s*(.*)", re.DOTALL)


class Clock(Protocol):
    """Where the router learns today's date (in the office's time zone)."""

    def today(self) -> date:
        """Today's date."""
        ...


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped on one day: tests, the demo, `--today`."""

    day: date

    def today(self) -> date:
        """The fixed day."""
        return self.day


@dataclass
class Turn:
    """One message being handled: what a use case may read, and the memory it may change."""

    message: IncomingMessage
    services: Services
    today: date
    memory: ChatMemory
    commands: tuple[Command, ...] = ()

    def answer(self, text: str, context: AskContext | None = None) -> list[Reply]:
        """Answer `text` as a question and remember the answer for follow-ups."""
        answer = answer_text(
            text, self.services, today=self.today, context=context or self.memory.ask_context()
        )
        if _starts_new_list(answer):
            self.memory = replace(self.memory, context=answer.context(self.memory.unit_key))
        return [answer.reply]


Handler = Callable[[Turn, str], list[Reply]]


@dataclass(frozen=True)
class Command:
    """A chat command: lower-case ASCII name (Telegram allows a-z, 0-9, _), what it does."""

    name: str
    description_vi: str
    handler: Handler
    args_hint: str = ""
    aliases: tuple[str, ...] = ()


def _starts_new_list(answer: Answer) -> bool:
    """Whether an answer replaces the list that "chi tiết N" and "xem thêm" refer to.

    A quote, a help text or a message not understood leaves the last list in place, so
    "chi tiết 2" after "chi tiết 1" still means item 2 of that list.
    """
    question = answer.question
    if question is None:
        return True
    if question.intent in (Intent.DETAIL, Intent.HELP, Intent.GREETING, Intent.UNKNOWN):
        return False
    if question.intent is Intent.MORE:
        return bool(answer.assignments)
    return True


# --- unit resolution --------------------------------------------------------------------------


@dataclass(frozen=True)
class _UnitLookup:
    unit: Unit | None
    suggestions: tuple[Unit, ...] = ()


def _look_up_unit(services: Services, name: str) -> _UnitLookup:
    """The unit a typed name means without doubt, or the units it may mean."""
    registry = services.registry
    found = registry.candidates(name, limit=3, cutoff=SUGGEST_CUTOFF)
    best: UnitMatch | None = found[0] if found else registry.resolve(name, cutoff=SUGGEST_CUTOFF)
    if best is not None:
        runner_up = max((m.score for m in found[1:]), default=0.0)
        if best.exact or (
            best.score >= DECISIVE_SCORE and best.score - runner_up >= DECISIVE_MARGIN
        ):
            return _UnitLookup(best.unit)
    return _UnitLookup(None, tuple(m.unit for m in found))


def _unit_question(turn: Turn, unit: Unit) -> str:
    """A question naming the unit, when understanding reads back exactly that unit."""
    text = _UNIT_QUESTION.format(name=unit.name)
    question = parse_question(text, turn.today)
    keys = set()
    for mention in question.units:
        match = turn.services.registry.resolve(mention, cutoff=86)
        keys.add(match.unit.key if match else None)
    if keys == {unit.key} and not question.topic and question.document is None:
        return text
    return ""


# --- use cases --------------------------------------------------------------------------------


def _assigned(turn: Turn, args: str) -> list[Reply]:
    """/viec [đơn vị]: what a unit, or the chat's own unit, is given."""
    if not args:
        if turn.memory.unit_key is None:
            return [Reply(title=texts.ANSWER_NO_OWN_UNIT)]
        return turn.answer(_OWN_UNIT_QUESTION)
    lookup = _look_up_unit(turn.services, args)
    if lookup.unit is not None:
        named = _unit_question(turn, lookup.unit)
        if named:
            return turn.answer(named)
        # the name does not read back as a question: ask about it as the chat's "own" unit
        context = replace(turn.memory.ask_context(), own_unit_key=lookup.unit.key)
        return turn.answer(_OWN_UNIT_QUESTION, context)
    if lookup.suggestions:
        names = [u.name for u in lookup.suggestions]
        return [
            Reply(
                title=texts.ANSWER_DID_YOU_MEAN.format(names=", ".join(names)),
                footer=texts.UNIT_PICK,
                buttons=tuple(Button(n, f"unit:{n}") for n in names),
            )
        ]
    # not a registered unit: the question may still match a lead as the document writes it
    return turn.answer(_UNIT_QUESTION.format(name=args))


def _parse_day(raw: tuple[str, str, str | None], today: date) -> date | None:
    day, month, year = raw
    full_year = today.year if not year else int(year) + (2000 if len(year) <= 2 else 0)
    try:
        return date(full_year, int(month), int(day))
    except ValueError:
        return None


def parse_day(text: str, today: date) -> date | None:
    """A date typed in chat: 10/3/2023, 10-3-23, 10.3 (this year), 2023-03-10; else None."""
    text = text.strip()
    m = _ISO_DATE.fullmatch(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _ONE_DATE.fullmatch(text)
    if m:
        return _parse_day((m.group(1), m.group(2), m.group(3)), today)
    return None


def _due(turn: Turn, args: str) -> list[Reply]:
    """/hanchot [khoảng]: what falls due this week, or in the period typed."""
    period = fold(args) or _DEFAULT_PERIOD
    m = _TWO_DATES.fullmatch(period)
    one = parse_day(period, turn.today)
    if m:
        start = _parse_day((m.group(1), m.group(2), m.group(3) or m.group(6)), turn.today)
        end = _parse_day((m.group(4), m.group(5), m.group(6)), turn.today)
        text = (
            _DUE_RANGE_QUESTION.format(start=_dmy(start), end=_dmy(end))
            if start and end and start <= end
            else ""
        )
    elif one is not None:
        text = _DUE_RANGE_QUESTION.format(start=_dmy(one), end=_dmy(one))
    else:
        text = _DUE_QUESTION.format(period=period)
    if text:
        question = parse_question(text, turn.today)
        if question.intent is Intent.DUE and (question.due_from or question.due_to):
            return turn.answer(text)
    return [Reply(title=texts.DUE_BAD_PERIOD.format(value=args))]


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _overdue(turn: Turn, args: str) -> list[Reply]:
    """/quahan [ngày]: what is late as of today or the date typed."""
    if not args:
        return turn.answer(_OVERDUE_QUESTION)
    as_of = parse_day(args, turn.today)
    if as_of is None:
        return [Reply(title=texts.OVERDUE_BAD_DATE.format(value=args))]
    return turn.answer(_OVERDUE_AS_OF_QUESTION.format(date=_dmy(as_of)))


def _bind(turn: Turn, args: str) -> list[Reply]:
    """/dangky <đơn vị>: bind the chat to a unit, or ask which one was meant."""
    if not args:
        return [Reply(title=texts.BIND_ASK_NAME)]
    lookup = _look_up_unit(turn.services, args)
    if lookup.unit is not None:
        return _bind_unit(turn, lookup.unit)
    if lookup.suggestions:
        names = ", ".join(u.name for u in lookup.suggestions)
        return [
            Reply(
                title=texts.ANSWER_DID_YOU_MEAN.format(names=names),
                footer=texts.BIND_PICK,
                buttons=tuple(Button(u.name, f"bind:{u.key}") for u in lookup.suggestions),
            )
        ]
    return [Reply(title=texts.BIND_UNKNOWN.format(name=args))]


def _bind_unit(turn: Turn, unit: Unit) -> list[Reply]:
    turn.memory = replace(turn.memory, unit_key=unit.key)
    return [Reply(title=texts.BIND_DONE.format(unit=unit.name))]


def _unbind(turn: Turn, args: str) -> list[Reply]:
    """/huydangky: forget the chat's unit."""
    key = turn.memory.unit_key
    if key is None:
        return [Reply(title=texts.UNBIND_NONE)]
    unit = turn.services.registry.get(key)
    turn.memory = replace(turn.memory, unit_key=None)
    return [Reply(title=texts.UNBIND_DONE.format(unit=unit.name if unit else key))]


def _detail(turn: Turn, args: str) -> list[Reply]:
    """/chitiet <n>: the exact quote of item n of the last answer (or of assignment id n)."""
    number = args.strip().lstrip("#")
    if not number.isdigit() or not number.isascii():
        return [Reply(title=texts.DETAIL_ASK_NUMBER)]
    return turn.answer(_DETAIL_QUESTION.format(n=int(number)))


def _more(turn: Turn, args: str) -> list[Reply]:
    """/xemthem: the next page of the last answer."""
    return turn.answer(_MORE_QUESTION)


def _help(turn: Turn, args: str) -> list[Reply]:
    """/trogiup: every command of the table, and how to ask in words."""
    return [help_reply(turn.commands or COMMANDS)]


COMMANDS: tuple[Command, ...] = (
    Command("viec", texts.CMD_VIEC, _assigned, texts.CMD_VIEC_ARGS),
    Command("hanchot", texts.CMD_HANCHOT, _due, texts.CMD_HANCHOT_ARGS),
    Command("quahan", texts.CMD_QUAHAN, _overdue, texts.CMD_QUAHAN_ARGS),
    Command("dangky", texts.CMD_DANGKY, _bind, texts.CMD_DANGKY_ARGS),
    Command("huydangky", texts.CMD_HUYDANGKY, _unbind),
    Command("chitiet", texts.CMD_CHITIET, _detail, texts.CMD_CHITIET_ARGS),
    Command("xemthem", texts.CMD_XEMTHEM, _more),
    Command("trogiup", texts.CMD_TROGIUP, _help, aliases=("help", "start")),
)


def help_reply(commands: tuple[Command, ...] = COMMANDS) -> Reply:
    """The /trogiup text, rendered from the command table."""
    lines = tuple(
        texts.HELP_LINE.format(
            name=c.name,
            args=f" {c.args_hint}" if c.args_hint else "",
            description=c.description_vi,
        )
        for c in commands
    )
    return Reply(title=texts.HELP_TITLE, lines=lines, footer=texts.HELP_FOOTER)


def bot_commands(commands: tuple[Command, ...] = COMMANDS) -> list[tuple[str, str]]:
    """(name, description) pairs for a platform's command menu (Telegram's setMyCommands)."""
    return [(c.name, c.description_vi) for c in commands]


def parse_command(text: str) -> tuple[str | None, str]:
    """("viec", "Phòng Nội vụ") for "/viec Phòng Nội vụ"; (None, text) for plain text.

    The name is folded ("/dăngký" -> "dangky") and loses a "@botname" suffix.
    """
    m = _COMMAND.match(text.strip())
    if m is None:
        return None, text
    return fold(m.group(1).split("@", 1)[0]), m.group(2).strip()


# --- dispatch ---------------------------------------------------------------------------------


class Router:
    """Dispatches incoming messages of every platform to the use cases of the command table."""

    def __init__(
        self,
        services: Services,
        *,
        clock: Clock,
        state: ChatState | None = None,
        commands: tuple[Command, ...] = COMMANDS,
    ) -> None:
        self.services = services
        self.clock = clock
        self.state: ChatState = state if state is not None else MemoryChatState()
        self.commands = commands
        self._by_name = {n: c for c in commands for n in (c.name, *c.aliases)}

    def dispatch(self, message: IncomingMessage) -> list[Reply]:
        """The replies to one message; [] when the bot should stay silent (group chatter)."""
        try:
            return self._dispatch(message)
        except Exception:
            # a chat must get an answer even when a store or a parser fails; the log has why
            log.exception("failed to handle a message in %s", message.chat)
            return [Reply(title=texts.ROUTER_FAILED)]

    def _dispatch(self, message: IncomingMessage) -> list[Reply]:
        command, args = message.command, message.args
        if command is None and message.callback is None:
            command, parsed_args = parse_command(message.text)
            args = parsed_args if command is not None else ""
        addressed = (
            message.chat.kind is not ChatKind.GROUP
            or message.mentions_bot
            or message.replies_to_bot
        )
        if message.callback is None and command is None and not addressed:
            return []  # group chatter the bot was not asked about
        too_long = max(len(message.text), len(args))
        if too_long > MAX_TEXT_CHARS:
            return [
                Reply(title=texts.MESSAGE_TOO_LONG.format(length=too_long, limit=MAX_TEXT_CHARS))
            ]
        memory = self.state.load(message.chat)
        turn = Turn(message, self.services, self.clock.today(), memory, self.commands)
        if message.callback is not None:
            replies = self._callback(turn, message.callback)
        elif command is not None:
            replies = self._command(turn, fold(command), args.strip())
        elif message.attachments:
            replies = [
                Reply(
                    title=texts.ATTACHMENT_NOT_HERE.format(
                        filename=message.attachments[0].filename
                    )
                )
            ]
        elif not message.text.strip():
            replies = []
        else:
            replies = turn.answer(message.text)
        if turn.memory != memory:
            self.state.save(message.chat, turn.memory)
        return replies

    def _command(self, turn: Turn, name: str, args: str) -> list[Reply]:
        command = self._by_name.get(name)
        if command is None:
            return [Reply(title=texts.UNKNOWN_COMMAND.format(name=name))]
        return command.handler(turn, args)

    def _callback(self, turn: Turn, data: str) -> list[Reply]:
        kind, _, value = data.partition(":")
        if kind == "more":
            return _more(turn, "")
        if kind == "detail" and value.isdigit():
            view = self.services.repository.get_assignment(int(value))
            if view is not None:
                return [detail_answer(view, turn.today).reply]
        if kind == "bind" and value:
            unit = self.services.registry.get(value)
            if unit is not None:
                return _bind_unit(turn, unit)
        if kind == "unit" and value:
            return _assigned(turn, value)
        return [Reply(title=texts.BUTTON_EXPIRED)]
