"""Reminders in words: what each kind of reminder (and the weekly digest) says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from handlers import texts
from handlers.answering import citation
from knowledge.progress import STATUS_ORDER
from knowledge.reports import Report
from knowledge.repository import AssignmentView, DocumentRepository
from knowledge.units import UnitRegistry
from scheduler.ledger import LedgerEntry
from scheduler.messenger import OutgoingMessage

TASK_CHARS = 200


class ReportSource(Protocol):
    """Builds a progress report as of a day, over an optional period."""

    def __call__(
        self, today: date, *, start: date | None = None, end: date | None = None
    ) -> Report:
        """The report."""
        ...


class ReminderRenderer:
    """Turns a claimed ledger row into the message to send (scheduler.sender.Renderer).

    Returns None when there is nothing to say any more: the assignment was removed, its
    document replaced, or it is held for review.
    """

    def __init__(
        self,
        repository: DocumentRepository,
        registry: UnitRegistry,
        report: ReportSource | None = None,
    ) -> None:
        """`report` builds progress reports: the digest's and the summaries' status counts."""
        self._repository = repository
        self._registry = registry
        self._report = report

    def __call__(self, entry: LedgerEntry) -> OutgoingMessage | None:
        """The message for one ledger row."""
        if entry.kind.startswith("summary:"):
            return self._summary(entry)
        if entry.kind == "digest" or entry.assignment_id is None:
            return self._digest(entry)
        view = self._repository.get_assignment(entry.assignment_id)
        if view is None or view.status != "live" or view.document_status != "live":
            return None
        kind, _, _ = entry.kind.partition(":")
        days = int(entry.payload.get("working_days", 0))
        due = entry.occurrence
        words = {
            "unit": self._unit_names(entry.payload.get("units", []), view.lead_names),
            "lead": ", ".join(view.lead_names) or texts.UNKNOWN_LEAD,
            "task": _short(view.task),
            "date": due.strftime("%d/%m/%Y"),
            "days": days,
            "citation": citation(view),
            "id": view.id,
        }
        template = {
            "before": texts.REMIND_BEFORE,
            "due": texts.REMIND_DUE,
            "overdue": texts.REMIND_OVERDUE,
            "leader": texts.REMIND_LEADER,
            "cooperate": texts.REMIND_COOPERATE,
        }.get(kind, texts.REMIND_BEFORE)
        if kind == "due" and entry.payload.get("due_day", due.isoformat()) != due.isoformat():
            template = texts.REMIND_DUE_BEFORE_DAY_OFF  # the deadline itself is a day off
        text = template.format(**words)
        if kind in ("before", "due", "overdue"):
            return OutgoingMessage(text, _buttons(view))
        return OutgoingMessage(text)

    def _unit_names(self, keys: Sequence[str], fallback: Sequence[str]) -> str:
        names = [u.name for u in (self._registry.get(k) for k in keys) if u is not None]
        return ", ".join(names or fallback) or texts.UNKNOWN_LEAD

    def _digest(self, entry: LedgerEntry) -> OutgoingMessage | None:
        digest = entry.payload.get("digest")
        if not isinstance(digest, dict):
            return None
        day = date.fromisoformat(str(digest.get("day", entry.occurrence.isoformat())))
        lines = [texts.DIGEST_TITLE.format(date=day.strftime("%d/%m/%Y"))]
        due = digest.get("due_this_week", [])
        lines.append(texts.DIGEST_DUE_HEAD.format(count=len(due)))
        for item in due[: texts.DIGEST_MAX_LINES]:
            view = self._view(item)
            if view is not None:
                lines.append(
                    texts.DIGEST_DUE_LINE.format(
                        date=date.fromisoformat(item["due"]).strftime("%d/%m"),
                        lead=", ".join(view.lead_names) or texts.UNKNOWN_LEAD,
                        task=_short(view.task, 90),
                        id=view.id,
                    )
                )
        overdue: dict[str, list[dict[str, object]]] = digest.get("overdue", {})
        total = sum(len(items) for items in overdue.values())
        lines.append(texts.DIGEST_OVERDUE_HEAD.format(count=total))
        ranked = sorted(overdue.items(), key=lambda kv: -len(kv[1]))
        for unit_key, items in ranked[: texts.DIGEST_MAX_LINES]:
            unit = self._registry.get(unit_key)
            lines.append(
                texts.DIGEST_OVERDUE_LINE.format(
                    unit=unit.name if unit else (unit_key or texts.UNKNOWN_LEAD),
                    count=len(items),
                    worst=max(int(str(i.get("days", 0))) for i in items),
                )
            )
        lines += self._status_lines(day)
        return OutgoingMessage("\n".join(lines))

    def _status_lines(
        self, today: date, start: date | None = None, end: date | None = None
    ) -> list[str]:
        """The counts by official status (empty without a report source)."""
        if self._report is None:
            return []
        report = self._report(today, start=start, end=end)
        counts = report.totals
        parts = [
            texts.DIGEST_STATUS_PART.format(
                label=texts.STATUS_LABELS[s.value], count=counts.get(s)
            )
            for s in STATUS_ORDER
            if counts.get(s)
        ]
        if not parts:
            return []
        return [texts.DIGEST_STATUS_HEAD.format(total=counts.total), "  " + " · ".join(parts)]

    def _summary(self, entry: LedgerEntry) -> OutgoingMessage | None:
        """The progress of the last month or quarter, for leaders."""
        data = entry.payload.get("digest")
        if not isinstance(data, dict) or self._report is None:
            return None
        start = date.fromisoformat(str(data["start"]))
        end = date.fromisoformat(str(data["end"]))
        day = date.fromisoformat(str(data.get("day", end.isoformat())))
        report = self._report(day, start=start, end=end)
        title = (
            texts.SUMMARY_QUARTER_TITLE
            if data.get("period") == "quarter"
            else texts.SUMMARY_MONTH_TITLE
        )
        lines = [
            title.format(
                start=start.strftime("%d/%m/%Y"),
                end=end.strftime("%d/%m/%Y"),
                total=report.totals.total,
            )
        ]
        lines += [
            texts.PROGRESS_COUNT_LINE.format(label=texts.STATUS_LABELS[s.value], count=count)
            for s in STATUS_ORDER
            if (count := report.totals.get(s))
        ]
        late = sorted((u for u in report.by_unit if u.overdue), key=lambda u: -u.overdue)
        if late:
            lines.append(texts.SUMMARY_LATE_UNITS)
            lines += [
                texts.SUMMARY_LATE_UNIT.format(unit=u.unit_name, overdue=u.overdue, total=u.total)
                for u in late[: texts.DIGEST_MAX_LINES]
            ]
        return OutgoingMessage("\n".join(lines))

    def _view(self, item: dict[str, object]) -> AssignmentView | None:
        raw = item.get("assignment_id")
        if not isinstance(raw, int):
            return None
        view = self._repository.get_assignment(raw)
        return view if view is not None and view.status == "live" else None


def _buttons(view: AssignmentView) -> tuple[tuple[str, str], ...]:
    return (
        (texts.PROGRESS_STATE_LABELS["done"], f"done:{view.id}"),
        (texts.PROGRESS_STATE_LABELS["in_progress"], f"doing:{view.id}"),
        (texts.EXTEND_BUTTON, f"extend:{view.id}"),
    )


def _short(task: str, limit: int = TASK_CHARS) -> str:
    return task if len(task) <= limit else task[: limit - 1].rstrip() + "…"
