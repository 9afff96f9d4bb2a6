"""What a planned reminder carries to its renderer: typed here, written and read only here.

The ledger stores a reminder's payload as JSON; `ReminderPayload.to_json` writes it when the
reminder is planned and `ReminderPayload.parse` reads it back when the row is sent. An
assignment's reminder carries the facts its message says (task, lead units, where it comes
from), read with the snapshot that planned it, so the renderer never fetches the assignment
again. Rows planned before the facts were carried parse with `facts` None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class AssignmentFacts:
    """What a reminder says about its assignment, as the document writes it."""

    task: str
    lead_names: tuple[str, ...] = ()
    document_type_name: str | None = None
    document_number: str | None = None
    document_issued: date | None = None
    place: str = ""

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "task": self.task,
            "lead": list(self.lead_names),
            "document_type": self.document_type_name,
            "document_number": self.document_number,
            "document_issued": _iso(self.document_issued),
            "place": self.place,
        }

    @classmethod
    def parse(cls, data: object) -> AssignmentFacts | None:
        """The facts in `data`, or None when it holds none (or not as written here)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("task"), str):
            return None
        return cls(
            task=data["task"],
            lead_names=_strings(data.get("lead")),
            document_type_name=_text(data.get("document_type")),
            document_number=_text(data.get("document_number")),
            document_issued=_day(data.get("document_issued")),
            place=_text(data.get("place")) or "",
        )


@dataclass(frozen=True)
class DigestDue:
    """An assignment falling due this week, in the weekly digest."""

    assignment_id: int
    due: date
    unit_keys: tuple[str, ...] = ()
    facts: AssignmentFacts | None = None


@dataclass(frozen=True)
class DigestOverdueUnit:
    """One lead unit's overdue work in the weekly digest: how many tasks, the oldest one's
    age in working days."""

    unit_key: str
    count: int
    days: int


@dataclass(frozen=True)
class Digest:
    """The weekly digest: this week's deadlines and the overdue work by lead unit."""

    day: date
    due_this_week: tuple[DigestDue, ...] = ()
    overdue: tuple[DigestOverdueUnit, ...] = ()  # by unit key


@dataclass(frozen=True)
class SummaryPeriod:
    """A monthly or quarterly progress summary: the period it covers and the day it is sent."""

    period: str  # "month" or "quarter"
    start: date
    end: date
    day: date


@dataclass(frozen=True)
class ReminderPayload:
    """One ledger row's payload, typed."""

    kind: str
    assignment_id: int | None
    occurrence: date
    recipient: str
    unit_keys: tuple[str, ...] = ()
    working_days: int = 0
    due_day: date | None = None
    facts: AssignmentFacts | None = None
    digest: Mapping[str, Any] | None = None  # the weekly digest or a summary period, as planned

    def to_json(self) -> dict[str, Any]:
        """What the ledger stores."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "assignment_id": self.assignment_id,
            "occurrence": self.occurrence.isoformat(),
            "recipient": self.recipient,
            "units": list(self.unit_keys),
            "working_days": self.working_days,
        }
        if self.due_day is not None:
            out["due_day"] = self.due_day.isoformat()
        if self.facts is not None:
            out["assignment"] = self.facts.to_json()
        if self.digest is not None:
            out["digest"] = dict(self.digest)
        return out

    @classmethod
    def parse(
        cls,
        data: Mapping[str, Any],
        *,
        kind: str,
        assignment_id: int | None,
        occurrence: date,
        recipient: str,
    ) -> ReminderPayload:
        """A stored payload read back; the row's own columns fill what an older one lacks."""
        working_days = data.get("working_days", 0)
        digest = data.get("digest")
        return cls(
            kind=kind,
            assignment_id=assignment_id,
            occurrence=occurrence,
            recipient=recipient,
            unit_keys=_strings(data.get("units")),
            working_days=working_days if isinstance(working_days, int) else 0,
            due_day=_day(data.get("due_day")),
            facts=AssignmentFacts.parse(data.get("assignment")),
            digest=digest if isinstance(digest, Mapping) else None,
        )

    def weekly_digest(self) -> Digest | None:
        """The digest this payload carries, or None."""
        data = self.digest
        if data is None:
            return None
        due: list[DigestDue] = []
        for item in _items(data.get("due_this_week")):
            assignment_id, day = item.get("assignment_id"), _day(item.get("due"))
            if isinstance(assignment_id, int) and day is not None:
                facts = AssignmentFacts.parse(item.get("assignment"))
                due.append(DigestDue(assignment_id, day, _strings(item.get("units")), facts))
        overdue: list[DigestOverdueUnit] = []
        by_unit = data.get("overdue_by_unit")
        for unit_key, counted in by_unit.items() if isinstance(by_unit, Mapping) else ():
            if isinstance(counted, Mapping):
                overdue.append(
                    DigestOverdueUnit(
                        str(unit_key), _int(counted.get("count")), _int(counted.get("days"))
                    )
                )
        # planned before issue 14's fifth session: every overdue task listed by unit
        listed = data.get("overdue")
        for unit_key, items in listed.items() if isinstance(listed, Mapping) else ():
            parsed = [
                item
                for item in _items(items)
                if isinstance(item.get("assignment_id"), int) and _day(item.get("due"))
            ]
            overdue.append(
                DigestOverdueUnit(
                    str(unit_key),
                    len(parsed),
                    max((_int(item.get("days")) for item in parsed), default=0),
                )
            )
        return Digest(
            day=_day(data.get("day")) or self.occurrence,
            due_this_week=tuple(due),
            overdue=tuple(overdue),
        )

    def summary_period(self) -> SummaryPeriod | None:
        """The period a summary covers, or None when the payload names none."""
        data = self.digest
        if data is None:
            return None
        start, end = _day(data.get("start")), _day(data.get("end"))
        if start is None or end is None:
            return None
        period = data.get("period")
        return SummaryPeriod(
            period=period if isinstance(period, str) else "month",
            start=start,
            end=end,
            day=_day(data.get("day")) or end,
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    return tuple(str(v) for v in value)


def _items(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [item for item in value if isinstance(item, Mapping)]
