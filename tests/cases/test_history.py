"""A case's history, notices and documents, and corrections with their sending, are only ever
added to: the application cannot rewrite them."""

from __future__ import annotations

from datetime import date

import pytest

from statusbridge.appendonly import AppendOnly
from statusbridge.cases.models import Case, CaseEvent
from statusbridge.records.models import Correction

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


def test_a_case_event_is_never_changed_or_deleted() -> None:
    case = Case.objects.create(
        case_number="SB2603020000000001", agency="a", purpose="p", request_id="r",
        reason="SSA_CODE_IS_A_SNAPSHOT", opened_on=DAY,
    )  # fmt: skip
    event = CaseEvent.objects.create(case=case, action="open", state="open", on=DAY, by="x")
    event.note = "rewritten"
    for attempt in (
        event.save,
        event.delete,
        lambda: CaseEvent.objects.filter(pk=event.pk).update(note="rewritten"),
        lambda: CaseEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(AppendOnly):
            attempt()
    assert CaseEvent.objects.get(pk=event.pk).note == ""


def test_a_correction_is_never_changed() -> None:
    correction = Correction.objects.create(
        person_key="ab", outcome="US_CITIZEN", case_number="SB1", effective_on=DAY
    )
    with pytest.raises(AppendOnly):
        Correction.objects.filter(pk=correction.pk).update(outcome="NOT_VERIFIED")
