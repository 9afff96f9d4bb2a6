"""Reminders in words: what each kind of reminder (and the weekly digest) says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from handlers import texts
from handlers.answering import document_citation
from handlers.desks import ReportSource
from handlers.steps import CallbackKind, callback
from knowledge.progress import STATUS_ORDER
from knowledge.repository import DocumentRepository
from knowledge.units import UnitRegistry
from scheduler.ledger import LedgerEntry
from scheduler.messenger import OutgoingMessage
from scheduler.payload import AssignmentFacts, ReminderPayload

TASK_CHARS = 200


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
        payload = ReminderPayload.parse(
            entry.payload,
            kind=entry.kind,
            assignment_id=entry.assignment_id,
            occurrence=entry.occurrence,
            recipient=entry.recipient.key,
        )
        if payload.kind.startswith("summary:"):
            return self._summary(payload)
        if payload.kind == "digest" or payload.assignment_id is None:
            return self._digest(payload)
        # Planned with the facts it says: nothing is read again. An older row reads them now.
        facts = payload.facts or self._stored_facts(payload.assignment_id, whole_document=True)
        if facts is None:
            return None
        kind, _, _ = payload.kind.partition(":")
        due = payload.occurrence
        words = {
            "unit": self._unit_names(payload.unit_keys, facts.lead_names),
            "lead": ", ".join(facts.lead_names) or texts.UNKNOWN_LEAD,
            "task": _short(facts.task),
            "date": due.strftime("%d/%m/%Y"),
            "days": payload.working_days,
            "citation": document_citation(
                facts.document_type_name,
                facts.document_number,
                facts.document_issued,
                facts.place,
            ),
            "id": payload.assignment_id,
        }
        template = {
            "before": texts.REMIND_BEFORE,
            "due": texts.REMIND_DUE,
            "overdue": texts.REMIND_OVERDUE,
            "leader": texts.REMIND_LEADER,
            "cooperate": texts.REMIND_COOPERATE,
        }.get(kind, texts.REMIND_BEFORE)
        if kind == "due" and payload.due_day not in (None, due):
            template = texts.REMIND_DUE_BEFORE_DAY_OFF  # the deadline itself is a day off
        text = template.format(**words)
        if kind in ("before", "due", "overdue"):
            return OutgoingMessage(text, _buttons(payload.assignment_id))
        return OutgoingMessage(text)

    def _unit_names(self, keys: Sequence[str], fallback: Sequence[str]) -> str:
        names = [u.name for u in (self._registry.get(k) for k in keys) if u is not None]
        return ", ".join(names or fallback) or texts.UNKNOWN_LEAD

    def _digest(self, payload: ReminderPayload) -> OutgoingMessage | None:
        digest = payload.weekly_digest()
        if digest is None:
            return None
        lines = [texts.DIGEST_TITLE.format(date=digest.day.strftime("%d/%m/%Y"))]
        lines.append(texts.DIGEST_DUE_HEAD.format(count=len(digest.due_this_week)))
        for item in digest.due_this_week[: texts.DIGEST_MAX_LINES]:
            facts = item.facts or self._stored_facts(item.assignment_id, whole_document=False)
            if facts is not None:
                lines.append(
                    texts.DIGEST_DUE_LINE.format(
                        date=item.due.strftime("%d/%m"),
                        lead=", ".join(facts.lead_names) or texts.UNKNOWN_LEAD,
                        task=_short(facts.task, 90),
                        id=item.assignment_id,
                    )
                )
        total = sum(u.count for u in digest.overdue)
        lines.append(texts.DIGEST_OVERDUE_HEAD.format(count=total))
        ranked = sorted(digest.overdue, key=lambda u: -u.count)  # ties by unit key
        for counted in ranked[: texts.DIGEST_MAX_LINES]:
            unit = self._registry.get(counted.unit_key)
            lines.append(
                texts.DIGEST_OVERDUE_LINE.format(
                    unit=unit.name if unit else (counted.unit_key or texts.UNKNOWN_LEAD),
                    count=counted.count,
                    worst=counted.days,
                )
            )
        lines += self._status_lines(digest.day)
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

    def _summary(self, payload: ReminderPayload) -> OutgoingMessage | None:
        """The progress of the last month or quarter, for leaders."""
        period = payload.summary_period()
        if period is None or self._report is None:
            return None
        start, end, day = period.start, period.end, period.day
        report = self._report(day, start=start, end=end)
        title = (
            texts.SUMMARY_QUARTER_TITLE
            if period.period == "quarter"
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

    def _stored_facts(self, assignment_id: int, *, whole_document: bool) -> AssignmentFacts | None:
        """What a row planned before payloads carried facts says, read from storage; None when
        the assignment (or, with `whole_document`, its document) is no longer live."""
        view = self._repository.get_assignment(assignment_id)
        if view is None or view.status != "live":
            return None
        if whole_document and view.document_status != "live":
            return None
        return AssignmentFacts(
            task=view.task,
            lead_names=view.lead_names,
            document_type_name=view.document_type_name,
            document_number=view.document_number,
            document_issued=view.document_issued,
            place=view.place,
        )


def _buttons(assignment_id: int) -> tuple[tuple[str, str], ...]:
    return (
        (texts.PROGRESS_STATE_LABELS["done"], callback(CallbackKind.DONE, assignment_id)),
        (texts.PROGRESS_STATE_LABELS["in_progress"], callback(CallbackKind.DOING, assignment_id)),
        (texts.EXTEND_BUTTON, callback(CallbackKind.EXTEND, assignment_id)),
    )


def _short(task: str, limit: int = TASK_CHARS) -> str:
    return task if len(task) <= limit else task[: limit - 1].rstrip() + "…"
