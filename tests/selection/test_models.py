"""The invariants of notices and applications hold in the database, whatever writes the row."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from selection.models import Application, ApplicationDocument, NoticePosition, SelectionNotice
from tests.factories import application_draft, submitted_application


def test_a_window_must_close_after_it_opens(notice):
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionNotice.objects.filter(pk=notice.pk).update(closes_at=notice.opens_at)


def test_a_published_notice_has_its_publication_time(notice):
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionNotice.objects.filter(pk=notice.pk).update(published_at=None)


def test_one_row_of_places_per_kind(notice):
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticePosition.objects.create(notice=notice, kind="lawyer", count=2)


def test_a_rejection_has_a_reason_and_only_a_rejection_has_one(notice, applicant):
    application = submitted_application(notice, applicant)
    reviewed = {"reviewed_at": timezone.now()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(state="rejected", **reviewed)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(rejection_reason="执业年限不足")
    Application.objects.filter(pk=application.pk).update(state="rejected", rejection_reason="执业年限不足", **reviewed)


def test_a_submitted_application_has_its_time_and_declaration(notice, applicant):
    application = application_draft(notice, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(state="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(state="submitted", submitted_at=timezone.now())


def test_one_live_application_per_applicant_and_notice(notice, applicant):
    application = application_draft(notice, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(notice=notice, applicant=applicant, kind="lawyer", name="周明轩")
    Application.objects.filter(pk=application.pk).update(state="withdrawn", withdrawn_at=timezone.now())
    Application.objects.create(notice=notice, applicant=applicant, kind="lawyer", name="周明轩")


def test_a_licence_number_applies_once_per_notice(notice, applicant, applicant2):
    application_draft(notice, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            notice=notice, applicant=applicant2, kind="lawyer", name="冒名", licence_no="14302201210123456"
        )


def test_a_lawyers_licence_number_has_seventeen_digits(notice, applicant):
    application = application_draft(notice, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(licence_no="1430220")


def test_one_document_of_each_required_kind(notice, applicant):
    application = submitted_application(notice, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationDocument.objects.create(application=application, kind="cv", file="x.pdf", original_name="x", size=9)


def test_a_withdrawn_application_has_its_time(notice, applicant):
    application = application_draft(notice, applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(state="withdrawn")


def test_a_decided_notice_has_its_times(notice):
    later = notice.closes_at + dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionNotice.objects.filter(pk=notice.pk).update(state="decided", publicity_starts_at=later)
