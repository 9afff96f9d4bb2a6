"""One command table and one dispatch: an incoming message of any platform -> replies."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from handlers import documents, leadership, registration, texts
from handlers import progress as progress_use
from handlers.access import AccessPolicy, Caller, identify
from handlers.answering import Services, detail_answer
from handlers.dates import DATE, day_from_parts, parse_day
from handlers.desks import DocumentDesk, PageLinks, ReportDesk
from handlers.messages import (
    Button,
    ChatKind,
    ChatRef,
    IncomingMessage,
    Reply,
    Sender,
    cleaned,
)
from handlers.state import ChatMemory, ChatState, MemoryChatState, StoredChatState
from handlers.steps import CallbackKind, Pending, Press, Step, callback
from handlers.steps import CallbackKind as K
from handlers.turn import Command, FixedClock, Handler, OfficeClock, SystemClock, Turn
from handlers.understanding import Intent, parse_question
from handlers.units import look_up_unit
from knowledge.chats import ChatAddress, ChatDirectory, Role
from knowledge.db import parse_id, utc_now
from knowledge.progress import ProgressRepository
from knowledge.text import fold
from knowledge.units import Unit

__all__ = [
    "COMMANDS",
    "MAX_TEXT_CHARS",
    "Command",
    "FixedClock",
    "Handler",
    "OfficeClock",
    "Router",
    "SystemClock",
    "Turn",
    "bot_commands",
    "help_reply",
    "parse_command",
    "parse_day",
]

log = logging.getLogger(__name__)

# Longer messages are pasted documents, not questions; understanding them would only be slow.
MAX_TEXT_CHARS = 1000
# Chat and user ids are stored in columns of this many characters.
MAX_ID_CHARS = 100
# Button data is short ("detail:15", "setlead:12:phong-noi-vu"; Telegram allows 64 bytes).
MAX_CALLBACK_CHARS = 200
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

_TWO_DATES = re.compile(DATE + r"\s*(?:-|–|den|toi)\s*" + DATE)
_COMMAND = re.compile(r"/(\S*)\s*(.*)", re.DOTALL)


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
    lookup = look_up_unit(turn.services, args)
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
                buttons=tuple(Button(n, callback(CallbackKind.UNIT, n)) for n in names),
            )
        ]
    # not a registered unit: the question may still match a lead as the document writes it
    return turn.answer(_UNIT_QUESTION.format(name=args))


def _due(turn: Turn, args: str) -> list[Reply]:
    """/hanchot [khoảng]: what falls due this week, or in the period typed."""
    period = fold(args) or _DEFAULT_PERIOD
    m = _TWO_DATES.fullmatch(period)
    one = parse_day(period, turn.today)
    if m:
        start = day_from_parts(m.group(1), m.group(2), m.group(3) or m.group(6), turn.today)
        end = day_from_parts(m.group(4), m.group(5), m.group(6), turn.today)
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


def _detail(turn: Turn, args: str) -> list[Reply]:
    """/chitiet <n>: the exact quote of item n of the last answer (or of assignment id n)."""
    number = args.strip().lstrip("#")
    if not number.isdigit() or not number.isascii():
        return [Reply(title=texts.DETAIL_ASK_NUMBER)]
    item = parse_id(number)
    if item is None:  # more than any list or any id: no such task, whatever the number
        return [Reply(title=texts.ANSWER_NO_SUCH_ITEM.format(n=number))]
    return turn.answer(_DETAIL_QUESTION.format(n=item))


def _more(turn: Turn, args: str) -> list[Reply]:
    """/xemthem: the next page of the last answer."""
    return turn.answer(_MORE_QUESTION)


def _tiendo(turn: Turn, args: str) -> list[Reply]:
    """/tiendo [phạm vi]: counts by official status and the worst items."""
    return leadership.progress_answer(turn, turn.reports, f"tiến độ {args}")


def _baocao(turn: Turn, args: str) -> list[Reply]:
    """/baocao [phạm vi]: the Excel file and the chart."""
    return leadership.baocao(turn, turn.reports, args)


def _cancel(turn: Turn, args: str) -> list[Reply]:
    """/huy: leave a step half done (an edit waiting for its value)."""
    if not turn.memory.pending:
        return [Reply(title=texts.NOTHING_TO_CANCEL)]
    turn.memory = replace(turn.memory, pending="")
    return [Reply(title=texts.CANCELLED)]


def _waiting(turn: Turn, args: str) -> list[Reply]:
    """/choduyet: registrations and documents waiting for the office."""
    replies = registration.pending_registrations(turn)
    if turn.desk is not None:
        replies += documents.documents_in_review(turn, turn.desk)
    replies += progress_use.pending_for_office(turn, turn.progress)
    return replies or [Reply(title=texts.PENDING_NONE)]


def _help(turn: Turn, args: str) -> list[Reply]:
    """/trogiup: every command of the table, and how to ask in words."""
    return [help_reply(turn.commands or COMMANDS)]


COMMANDS: tuple[Command, ...] = (
    Command("viec", texts.CMD_VIEC, _assigned, texts.CMD_VIEC_ARGS),
    Command("hanchot", texts.CMD_HANCHOT, _due, texts.CMD_HANCHOT_ARGS),
    Command("quahan", texts.CMD_QUAHAN, _overdue, texts.CMD_QUAHAN_ARGS),
    Command("chitiet", texts.CMD_CHITIET, _detail, texts.CMD_CHITIET_ARGS),
    Command("xemthem", texts.CMD_XEMTHEM, _more),
    Command(
        "dangky", texts.CMD_DANGKY, registration.register, texts.CMD_DANGKY_ARGS, who="anyone"
    ),
    Command("huydangky", texts.CMD_HUYDANGKY, registration.unregister, who="anyone"),
    Command("toi", texts.CMD_TOI, registration.whoami, who="anyone"),
    Command("huy", texts.CMD_HUY, _cancel, who="anyone"),
    Command(
        "capquyen", texts.CMD_CAPQUYEN, registration.grant, texts.CMD_CAPQUYEN_ARGS, who="admin"
    ),
    Command("choduyet", texts.CMD_CHODUYET, _waiting, who="admin"),
    Command("tiendo", texts.CMD_TIENDO, _tiendo, texts.CMD_TIENDO_ARGS),
    Command("capnhat", texts.CMD_CAPNHAT, leadership.capnhat, texts.CMD_CAPNHAT_ARGS),
    Command("baocao", texts.CMD_BAOCAO, _baocao, texts.CMD_BAOCAO_ARGS),
    Command("trogiup", texts.CMD_TROGIUP, _help, aliases=("help", "start"), who="anyone"),
)


def _ids_fit(message: IncomingMessage) -> bool:
    """Whether the message's ids fit where they are stored; no platform gives longer ones
    (Telegram's are numbers, Zalo's 20 characters), so a longer one is ignored."""
    if max(len(message.chat.chat_id), len(message.sender.user_id)) <= MAX_ID_CHARS:
        return True
    log.warning("a message with an id past %d characters ignored", MAX_ID_CHARS)
    return False


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
    """Dispatches incoming messages of every platform to the use cases of the command table.

    With a `directory` (people, roles, bindings in the database) access rules apply and chat
    memory is stored there; without one (tests, tools) everyone is trusted and memory is kept
    in this process.
    """

    def __init__(
        self,
        services: Services,
        *,
        clock: OfficeClock,
        state: ChatState | None = None,
        commands: tuple[Command, ...] = COMMANDS,
        directory: ChatDirectory | None = None,
        access: AccessPolicy | None = None,
        desk: DocumentDesk | None = None,
        progress: ProgressRepository | None = None,
        now: Callable[[], datetime] = utc_now,
        reports: ReportDesk | None = None,
        pages: PageLinks | None = None,
    ) -> None:
        self.services = services
        self.clock = clock
        self.directory = directory
        self.access = access or AccessPolicy()
        self.desk = desk
        self.progress = progress
        self.now = now
        self.reports = reports
        self.pages = pages
        if state is None:
            state = StoredChatState(directory) if directory is not None else MemoryChatState()
        self.state: ChatState = state
        self.commands = commands
        self._by_name = {n: c for c in commands for n in (c.name, *c.aliases)}

    def dispatch(self, message: IncomingMessage) -> list[Reply]:
        """The replies to one message; [] when the bot should stay silent (group chatter).

        A reply with `to` set goes to another chat (an office admin asked to approve).
        """
        message = cleaned(message)
        if not _ids_fit(message):
            return []
        try:
            return self._dispatch(message)
        except Exception:
            # a chat must get an answer even when a store or a parser fails; the log has why
            log.exception("failed to handle a message in %s", message.chat)
            self._end_pending_step(message.chat)
            return [Reply(title=texts.ROUTER_FAILED)]

    def _end_pending_step(self, chat: ChatRef) -> None:
        """After a failure, the chat is in no half-done step: its next text is read afresh,
        never taken as the value (a reason, a date) the failed step waited for."""
        try:
            memory = self.state.load(chat)
            if memory.pending:
                self.state.save(chat, replace(memory, pending=""))
        except Exception:
            log.exception("failed to clear the pending step of %s", chat)

    def chat_removed(self, chat: ChatRef) -> list[Reply]:
        """The bot left or was removed from a group: its binding goes inactive, admins told."""
        if self.directory is None:
            return []
        try:
            return registration.chat_removed(self.directory, chat)
        except Exception:
            log.exception("failed to record the removal from %s", chat)
            return []

    def chat_migrated(self, old: ChatRef, new: ChatRef) -> list[Reply]:
        """The same group under a new id (Telegram's supergroup upgrade): its binding follows."""
        if self.directory is None:
            return []
        try:
            moved = self.directory.move_chat(
                ChatAddress(old.platform, old.chat_id), ChatAddress(new.platform, new.chat_id)
            )
        except Exception:
            log.exception("failed to move chat %s to %s", old, new)
            return []
        log.info("chat %s:%s moved to %s", old.platform, old.chat_id, new.chat_id)
        return (
            [] if moved is None else [Reply(title=texts.CHAT_MOVED.format(unit=moved.unit_name))]
        )

    def may_upload(self, message: IncomingMessage) -> bool:
        """Whether a file this sender sends here would be read (asked before downloading)."""
        message = cleaned(message)
        if not _ids_fit(message):
            return False
        try:
            return (
                identify(message, self.directory, self.access).is_admin and self.desk is not None
            )
        except Exception:
            log.exception("failed to check who sent a file in %s", message.chat)
            return False

    def web_turn(self, platform: str, user_id: str) -> Turn:
        """A turn acting as the person a signed web link was made for, in their private chat.

        Their role and unit are read afresh from the directory, never taken from the link;
        reading a page writes nothing about the person (no chat is touched).
        """
        person = self.directory.person(platform, user_id) if self.directory else None
        if (
            person is not None
            and self.directory is not None
            and (platform, user_id) in self.access.office_admins
            and not person.is_admin
        ):
            person = self.directory.set_role(person.id, Role.ADMIN)
        chat_id = person.private_chat_id if person and person.private_chat_id else user_id
        message = cleaned(
            IncomingMessage(
                ChatRef(platform, chat_id, ChatKind.PRIVATE),
                Sender(user_id, person.display_name if person else ""),
            )
        )
        if self.directory is None:
            caller = identify(message, None, self.access)
        else:
            caller = Caller(person, person.approved_unit_key if person else None)
        return self._turn(message, ChatMemory(unit_key=caller.unit_key), caller)

    def _turn(self, message: IncomingMessage, memory: ChatMemory, caller: Caller) -> Turn:
        """One message's turn, with every collaborator the router holds."""
        return Turn(
            message,
            self.services,
            self.clock.today(),
            memory,
            caller,
            self.commands,
            directory=self.directory,
            access=self.access,
            desk=self.desk,
            progress=self.progress,
            now=self.now(),
            reports=self.reports,
            pages=self.pages,
        )

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
        if message.callback is not None and len(message.callback) > MAX_CALLBACK_CHARS:
            return [Reply(title=texts.BUTTON_EXPIRED)]  # no button of ours carries that much
        caller = identify(message, self.directory, self.access)
        memory = self.state.load(message.chat)
        if self.directory is not None:
            memory = replace(memory, unit_key=caller.unit_key)
        turn = self._turn(message, memory, caller)
        callback = message.callback
        if callback is None and command is None and not message.attachments:
            callback = self._numbered_choice(turn, message.text)
        if callback is not None:
            replies = self._callback(turn, callback)
        elif command is not None:
            replies = self._command(turn, fold(command), args.strip())
        elif message.attachments:
            replies = documents.receive(turn, self.desk, message.attachments)
        elif not message.text.strip():
            replies = []
        elif (pending := Pending.parse(turn.memory.pending)) is not None and (
            pending.step is Step.EXTEND
        ):
            replies = progress_use.take_extension(turn, self.progress, message.text.strip())
        elif pending is not None and pending.step is Step.BLOCKED:
            replies = progress_use.take_reason(turn, self.progress, message.text.strip())
        elif turn.memory.pending:
            replies = documents.take_value(turn, self.desk, message.text.strip())
        elif not caller.may_ask(self.access):
            replies = self._refuse_question(turn, "ask")
        elif (update := leadership.read_text_update(message.text)) is not None:
            replies = leadership.update_by_text(turn, update)
        elif leadership.asks_progress(message.text):
            replies = leadership.progress_answer(turn, self.reports, message.text)
        else:
            replies = turn.answer(message.text)
        here = [r for r in replies if r.to is None]
        buttons = tuple(b for r in here for b in r.buttons)
        if here:
            turn.memory = replace(turn.memory, choices=buttons)
        if turn.memory != memory:
            self.state.save(message.chat, turn.memory)
        return replies + turn.outbox

    def _numbered_choice(self, turn: Turn, text: str) -> str | None:
        """A bare "2" presses the second button of the last reply (platforms without buttons)."""
        typed = text.strip().rstrip(".")
        choices = turn.memory.choices
        if not choices or not typed.isdigit() or not typed.isascii():
            return None
        n = int(typed)
        if 1 <= n <= len(choices):
            return choices[n - 1].callback
        return None

    def _refuse_question(self, turn: Turn, action: str) -> list[Reply]:
        """Someone who may not ask (a stranger, a group not bound): why, audited."""
        chat = turn.message.chat
        if chat.kind is ChatKind.GROUP:
            waiting = None
            if turn.directory is not None:
                waiting = turn.directory.pending_request(ChatAddress(chat.platform, chat.chat_id))
            if waiting is not None:
                title = texts.ACCESS_GROUP_PENDING.format(unit=waiting.unit_name)
                return turn.refuse(action, "group_pending", title)
            return turn.refuse(action, "group_not_bound", texts.ACCESS_GROUP_NOT_BOUND)
        person = turn.caller.person
        if person is not None and person.registration.value == "pending":
            title = texts.ACCESS_PENDING.format(unit=person.unit_name)
            return turn.refuse(action, "registration_pending", title)
        return turn.refuse(action, "not_member", texts.ACCESS_REGISTER_FIRST)

    def _command(self, turn: Turn, name: str, args: str) -> list[Reply]:
        command = self._by_name.get(name)
        if command is None:
            return [Reply(title=texts.UNKNOWN_COMMAND.format(name=name))]
        action = f"command:{command.name}"
        if command.who == "admin" and not turn.caller.is_admin:
            return turn.refuse(action, "not_office_admin", texts.ACCESS_ADMIN_ONLY)
        if command.who == "asker" and not turn.caller.may_ask(self.access):
            return self._refuse_question(turn, action)
        return command.handler(turn, args)

    def _callback(self, turn: Turn, data: str) -> list[Reply]:
        press = Press.parse(data)
        kind, value = press.kind, press.value
        desk = self.desk
        admin_actions = {
            K.APPROVE: lambda: registration.decide(turn, value, approve=True),
            K.REFUSE: lambda: registration.decide(turn, value, approve=False),
            K.BINDING_APPROVE: lambda: registration.decide_binding(turn, value, approve=True),
            K.BINDING_REFUSE: lambda: registration.decide_binding(turn, value, approve=False),
            K.DOCUMENT_CONFIRM: lambda: documents.confirm(turn, desk, value),
            K.DOCUMENT_DISCARD: lambda: documents.discard(turn, desk, value),
            K.DOCUMENT_EDIT: lambda: documents.edit_pick(turn, desk, value),
            K.EDIT_ONE: lambda: documents.edit_one(turn, desk, value),
            K.EDIT_LEAD: lambda: documents.ask_field(turn, desk, value, Step.LEAD),
            K.EDIT_DUE: lambda: documents.ask_field(turn, desk, value, Step.DUE),
            K.SET_LEAD: lambda: documents.set_lead(turn, desk, value),
        }
        action = press.action
        if action in admin_actions:
            return admin_actions[action]()
        if action is K.EXTEND:
            return progress_use.ask_extension(turn, self.progress, value)
        if action in (K.EXTENSION_APPROVE, K.EXTENSION_REFUSE):
            approve = action is K.EXTENSION_APPROVE
            return progress_use.decide_extension(turn, self.progress, value, approve)
        if action in (K.COMPLETION_ACCEPT, K.COMPLETION_REJECT):
            accept = action is K.COMPLETION_ACCEPT
            return progress_use.confirm(turn, self.progress, value, accept)
        if kind in progress_use.BUTTON_KINDS:
            return progress_use.press(turn, self.progress, kind, value)
        if action is K.BIND and value:
            unit = self.services.registry.get(value)
            if unit is not None:
                return registration.register_unit(turn, unit)
            return [Reply(title=texts.BUTTON_EXPIRED)]
        if not turn.caller.may_ask(self.access):
            return self._refuse_question(turn, f"button:{kind}"[:32])
        if action is K.MORE:
            return _more(turn, "")
        if action is K.DETAIL and (assignment_id := press.number) is not None:
            view = self.services.repository.get_assignment(assignment_id)
            if view is not None and (view.document_status == "live" or turn.caller.is_admin):
                reply = detail_answer(view, turn.today).reply
                if self.progress is not None and view.document_status == "live":
                    buttons = reply.buttons + progress_use.progress_buttons(view.id)
                    reply = replace(reply, buttons=buttons)
                return [reply]
        if action is K.UNIT and value:
            return _assigned(turn, value)
        return [Reply(title=texts.BUTTON_EXPIRED)]
