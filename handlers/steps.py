"""A chat's pending step and a button's callback data: typed here, written and split only here.

A pending step ("extend:12": the chat's next text is the date assignment 12 is to move to) is
kept in the chat's memory as text; a button's callback data ("done:12") travels through the
chat platform and back. Both are short strings "kind:value" on the wire; the use cases build
and read them through `Pending` and `Press`, so no other module splits them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from knowledge.db import parse_id


class Step(StrEnum):
    """What a chat's next text answers."""

    EXTEND = "extend"  # the date (and reason) of an extension request
    BLOCKED = "blocked"  # what blocks a task reported as "gặp vướng mắc"
    LEAD = "lead"  # a reviewed assignment's new lead unit
    DUE = "due"  # a reviewed assignment's new deadline


@dataclass(frozen=True)
class Pending:
    """The step a chat is in the middle of, about one assignment (`target` as written)."""

    step: Step
    target: str

    @classmethod
    def about(cls, step: Step, assignment_id: int) -> Pending:
        """The step about an assignment."""
        return cls(step, str(assignment_id))

    def encode(self) -> str:
        """As kept in the chat's memory."""
        return f"{self.step.value}:{self.target}"

    @classmethod
    def parse(cls, text: str) -> Pending | None:
        """The step `text` (a memory's `pending`) names; None for none or one not known."""
        kind, _, target = text.partition(":")
        try:
            return cls(Step(kind), target)
        except ValueError:
            return None

    @property
    def assignment_id(self) -> int | None:
        """The assignment the step is about, when `target` is a row id."""
        return parse_id(self.target)


class CallbackKind(StrEnum):
    """What a button press asks for; its value follows the colon."""

    # progress buttons under an assignment (value: assignment id)
    DONE = "done"
    DOING = "doing"
    BLOCKED = "blocked"
    EXTEND = "extend"
    # the office's decisions (value: extension id; "assignment:occurrence" for completions)
    EXTENSION_APPROVE = "extok"
    EXTENSION_REFUSE = "extno"
    COMPLETION_ACCEPT = "cfok"
    COMPLETION_REJECT = "cfno"
    # registrations (value: person id, binding request id) and a unit picked (value: its key)
    APPROVE = "approve"
    REFUSE = "refuse"
    BINDING_APPROVE = "bindok"
    BINDING_REFUSE = "bindno"
    BIND = "bind"
    # documents held for review (value: document or assignment id; "assignment:unit key")
    DOCUMENT_CONFIRM = "docok"
    DOCUMENT_DISCARD = "docdrop"
    DOCUMENT_EDIT = "docedit"
    EDIT_ONE = "editone"
    EDIT_LEAD = "editlead"
    EDIT_DUE = "editdue"
    SET_LEAD = "setlead"
    # answers (handlers/answering.py writes these: value an assignment id, a unit name, none)
    MORE = "more"
    DETAIL = "detail"
    UNIT = "unit"


@dataclass(frozen=True)
class Press:
    """A button's callback data: its `kind` (a CallbackKind, or what an old button said), value."""

    kind: str
    value: str = ""

    @classmethod
    def of(cls, action: CallbackKind, *values: object) -> Press:
        """A press of `action` about `values` (joined by colons)."""
        return cls(action.value, ":".join(str(v) for v in values))

    def encode(self) -> str:
        """The callback data a button carries."""
        return f"{self.kind}:{self.value}" if self.value else self.kind

    @classmethod
    def parse(cls, data: str) -> Press:
        """The press `data` says (never fails: an unknown kind is answered as expired)."""
        kind, _, value = data.partition(":")
        return cls(kind, value)

    @property
    def action(self) -> CallbackKind | None:
        """The known action pressed, or None."""
        try:
            return CallbackKind(self.kind)
        except ValueError:
            return None

    @property
    def number(self) -> int | None:
        """The value as a row id (assignment, person, request...), when it is one."""
        return parse_id(self.value)

    def pair(self) -> tuple[str, str]:
        """The value's two parts, "12:phong-noi-vu" -> ("12", "phong-noi-vu")."""
        first, _, second = self.value.partition(":")
        return first, second


def callback(action: CallbackKind, *values: object) -> str:
    """The callback data of a button pressing `action` about `values`."""
    return Press.of(action, *values).encode()


def completion_key(assignment_id: int, occurrence: date | None) -> str:
    """A completion to confirm, named in a button: "12:2026-03-05", "12:-" for a single one."""
    return f"{assignment_id}:{occurrence.isoformat() if occurrence else '-'}"
