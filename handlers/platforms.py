"""Platform-neutral helpers for adapters: a reply pushed to another chat, and button callbacks
as the typed commands a chat without buttons (Zalo) answers with."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from handlers import texts
from handlers.messages import Reply
from handlers.steps import CallbackKind as K
from handlers.steps import Press
from scheduler.messenger import OutgoingMessage

log = logging.getLogger(__name__)


def pushed_message(reply: Reply) -> OutgoingMessage:
    """A reply for another chat (an office admin, an official on another platform) as a push.

    A file cannot go this way; it is left out and logged (files answer the chat that asked).
    """
    if reply.file is not None:
        log.warning("file %s left out of a reply pushed to another chat", reply.file.filename)
    return OutgoingMessage(reply.text(), tuple((b.label, b.callback) for b in reply.buttons))


# Decided from the /choduyet list, however the button said it.
_OFFICE_DECISIONS = (
    K.APPROVE,
    K.REFUSE,
    K.EXTENSION_APPROVE,
    K.EXTENSION_REFUSE,
    K.COMPLETION_ACCEPT,
    K.COMPLETION_REJECT,
)


def typed_command(callback: str, label: str = "") -> str | None:
    """What to type for a button's `callback`, in words the core reads; None when nothing.

    A numbered choice ("1") works only for the chat's last answer, which a pushed message is
    not: a reminder's "done:12" is answered «xong 12» instead. Registrations are decided from
    the /choduyet list, as extension requests and completions to confirm are. Buttons with
    no typed form (a document's edit steps) give None.
    """
    press = Press.parse(callback)
    kind, value = press.action, press.value
    numbered = value.isdigit() and value.isascii()
    if kind is K.DONE and numbered:
        return texts.TYPED_DONE.format(id=value)
    if kind is K.DOING and numbered:
        return texts.TYPED_DOING.format(id=value)
    if kind is K.BLOCKED and numbered:
        return texts.TYPED_BLOCKED.format(id=value)
    if kind is K.EXTEND and numbered:
        return texts.TYPED_EXTEND.format(id=value, date=texts.TYPED_DATE)
    if kind is K.MORE and not value:
        return texts.TYPED_MORE
    if kind in _OFFICE_DECISIONS and value:
        return texts.TYPED_WAITING  # all of the office's decisions are listed by /choduyet
    if kind is K.UNIT and value:
        return texts.TYPED_UNIT.format(name=value)
    if kind is K.BIND and value and label:
        return texts.TYPED_BIND.format(name=label)  # the label is the unit's name
    return None


def typed_choices(buttons: Sequence[tuple[str, str]]) -> str:
    """One line telling what to type for each (label, callback) button; "" when none can be.

    Buttons answered by the same command share it: «/choduyet» (Duyệt / Từ chối).
    """
    commands: dict[str, list[str]] = {}
    for label, callback in buttons:
        command = typed_command(callback, label)
        if command is None:
            log.info("button %r (%s) has no typed form; left out", label, callback)
            continue
        commands.setdefault(command, []).append(label)
    if not commands:
        return ""
    choices = texts.TYPED_CHOICES_JOIN.join(
        texts.TYPED_CHOICE.format(command=command, labels=texts.TYPED_LABELS_JOIN.join(labels))
        for command, labels in commands.items()
    )
    return texts.TYPED_CHOICES.format(choices=choices)
