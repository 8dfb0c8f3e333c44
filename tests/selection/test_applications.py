"""An applicant writes a draft, uploads the PDFs (checked as contract uploads are), declares possible conflicts,
submits and may withdraw; each step only on their own application."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notice
from advisers.models import ReselectionCandidate
from selection.models import Application, ApplicationDocument, ConflictDeclaration
from selection.services import application_submit, application_withdraw
from tests.conftest import MISSING_TOKEN, once, post_twice
from tests.factories import (
    APPLICATION_DATA,
    AdviserFactory,
    UnitFactory,
    application_draft,
    city_round,
    pdf_bytes,
    selection_notice,
    submitted_application,
    with_documents,
)


def _form(**changes):
    return {**APPLICATION_DATA, **changes}


def test_an_applicant_saves_a_draft_from_the_notice(notice, applicant, client_for):
    client = client_for(applicant)
    response = client.post(reverse("selection:apply", args=[notice.pk]), once(_form()))
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "selection:application", args=[application.pk]
    )
    assert (application.applicant, application.state, application.name) == (applicant, "draft", "周明轩")


def test_the_apply_form_sent_twice_makes_one_draft(notice, applicant, client_for):
    url = reverse("selection:apply", args=[notice.pk])
    first, second = post_twice(client_for(applicant), page=url, url=url, data=_form())
    assert first.status_code == 302 and second.status_code == 200
    assert Application.objects.count() == 1


def test_the_apply_form_without_its_token_saves_nothing(notice, applicant, client_for):
    response = client_for(applicant).post(reverse("selection:apply", args=[notice.pk]), _form())
    assert response.status_code == 400 and MISSING_TOKEN in response.content.decode()
    assert not Application.objects.exists()


def test_a_kind_the_notice_has_no_places_for_is_refused_next_to_the_field(notice, applicant, client_for):
    response = client_for(applicant).post(reverse("selection:apply", args=[notice.pk]), once(_form(kind="law_firm")))
    assert response.status_code == 400
    assert 'id="id_kind_error"' in response.content.decode()
    assert not Application.objects.exists()


def test_a_badly_formed_licence_number_is_refused_in_chinese(notice, applicant, client_for):
    response = client_for(applicant).post(reverse("selection:apply", args=[notice.pk]), once(_form(licence_no="12")))
    assert response.status_code == 400 and "执业证号" in response.content.decode()
    assert not Application.objects.exists()


def test_only_applicants_apply(notice, bureau, client_for):
    response = client_for(bureau).post(reverse("selection:apply", args=[notice.pk]), once(_form()))
    assert response.status_code == 403 and not Application.objects.exists()


def test_a_pdf_is_uploaded_and_downloaded_under_a_generated_name(notice, applicant, client_for):
    application = application_draft(notice, applicant)
    client = client_for(applicant)
    upload = SimpleUploadedFile("我的执业证.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("selection:document_upload", args=[application.pk]), once({"kind": "licence", "file": upload})
    )
    assert response.status_code == 302
    document = ApplicationDocument.objects.get()
    assert "我的执业证" not in document.file.name and document.file.name.startswith("selection/")
    download = client.get(reverse("selection:document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_file_that_is_not_a_pdf_is_refused_next_to_the_field(notice, applicant, client_for):
    application = application_draft(notice, applicant)
    upload = SimpleUploadedFile("cv.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client_for(applicant).post(
        reverse("selection:document_upload", args=[application.pk]), once({"kind": "cv", "file": upload})
    )
    assert response.status_code == 400 and 'id="id_file_error"' in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_a_conflict_is_declared_and_removed_while_a_draft(notice, applicant, client_for):
    application = application_draft(notice, applicant)
    client = client_for(applicant)
    data = {"kind": "case_against", "description": "代理某公司诉市住建局案", "counterparty": "市住房和城乡建设局"}
    response = client.post(reverse("selection:conflict_add", args=[application.pk]), once(data))
    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get()
    client.post(reverse("selection:conflict_delete", args=[declaration.pk]))
    assert not ConflictDeclaration.objects.exists()


def test_an_application_without_its_documents_cannot_be_submitted(notice, applicant):
    application = application_draft(notice, applicant)
    with pytest.raises(ValidationError) as exc:
        application_submit(actor=applicant, application=application, confirmed=True)
    assert "documents" in exc.value.message_dict
    application.refresh_from_db()
    assert application.state == "draft"


def test_a_scholar_needs_no_licence(notice, applicant):
    application = with_documents(
        application_draft(notice, applicant, kind="scholar", licence_no="", firm="湘潭大学法学院"), ("cv", "commitment")
    )
    assert application_submit(actor=applicant, application=application, confirmed=True).state == "submitted"


def test_submitting_needs_the_confirmation(notice, applicant, client_for):
    application = with_documents(application_draft(notice, applicant))
    response = client_for(applicant).post(reverse("selection:submit", args=[application.pk]), {})
    assert response.status_code == 400 and 'id="id_confirm_error"' in response.content.decode()
    application.refresh_from_db()
    assert application.state == "draft"


def test_a_submitted_application_tells_the_bureau_and_can_no_longer_be_changed(notice, applicant, bureau, client_for):
    application = submitted_application(notice, applicant)
    assert application.state == "submitted" and application.submitted_at is not None
    assert Notice.objects.filter(recipient=bureau, kind="selection:application_submitted").count() == 1
    client = client_for(applicant)
    assert client.get(reverse("selection:application_edit", args=[application.pk])).status_code == 302
    upload = SimpleUploadedFile("x.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("selection:document_upload", args=[application.pk]), once({"kind": "other", "file": upload})
    )
    assert response.status_code == 400 and ApplicationDocument.objects.count() == 3


def test_the_applicant_withdraws_and_may_apply_again(notice, applicant, client_for):
    application = submitted_application(notice, applicant)
    client = client_for(applicant)
    assert client.post(reverse("selection:withdraw", args=[application.pk])).status_code == 302
    application.refresh_from_db()
    assert application.state == "withdrawn" and application.withdrawn_at is not None
    with pytest.raises(ValidationError):
        application_withdraw(actor=applicant, application=application)
    response = client.post(reverse("selection:apply", args=[notice.pk]), once(_form()))
    assert response.status_code == 302 and Application.objects.count() == 2


def test_an_applicant_sees_only_their_own_application(notice, applicant, applicant2, client_for):
    mine = application_draft(notice, applicant)
    theirs = application_draft(notice, applicant2, licence_no="14302201210654321", name="钱雨桐")
    client = client_for(applicant)
    assert client.get(reverse("selection:application", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("selection:withdraw", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("selection:mine")).content.decode()
    assert reverse("selection:application", args=[mine.pk]) in page and "钱雨桐" not in page


def test_the_applicants_list_asks_a_fixed_number_of_queries(
    notice, applicant, city, client_for, django_assert_max_num_queries
):
    application_draft(notice, applicant)
    for n in range(3):
        other = selection_notice(city_round(UnitFactory(parent=city, kind="county_gov")), title=f"公告{n}")
        application_draft(other, applicant)
    client = client_for(applicant)
    # the session, the user (with unit and unread notices), the request's savepoint and its release, the page's
    # count and its rows (notice joined): the same for one application or forty
    with django_assert_max_num_queries(6):
        page = client.get(reverse("selection:mine")).content.decode()
    assert page.count('href="/selection/applications/') == 4


def test_a_notice_past_its_deadline_takes_no_new_application(selection_round, applicant, client_for):
    now = timezone.now()
    closed = selection_notice(selection_round, opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(1))
    response = client_for(applicant).post(reverse("selection:apply", args=[closed.pk]), once(_form()))
    assert response.status_code == 400 and "该公告当前不接受报名" in response.content.decode()
    assert not Application.objects.exists()


def test_withdrawing_an_eligible_application_takes_its_candidate_out_of_the_round(notice, applicant):
    application = submitted_application(notice, applicant)
    adviser = AdviserFactory(name=application.name)
    candidate = ReselectionCandidate.objects.create(round=notice.round, adviser=adviser)
    Application.objects.filter(pk=application.pk).update(
        state="eligible", reviewed_at=timezone.now(), candidate=candidate, adviser=adviser
    )
    application_withdraw(actor=applicant, application=application)
    candidate.refresh_from_db()
    assert candidate.outcome == "not_selected" and candidate.note == "申请人已撤回申请。"
