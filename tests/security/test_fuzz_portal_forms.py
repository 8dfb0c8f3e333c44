"""Every portal form fuzzed (tests/security/fuzz.py): no input gives a 500, a refusal shows what is wrong,
and a refused submission changes no row. Small, derandomized example counts keep CI fast; FUZZ_EXAMPLES
raises them for a deeper local run."""

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from accounts.roles import Role
from advisers.services import lecture_propose, opinion_propose
from budgets.models import BudgetRequest
from reviews.models import UnitWorkReport
from reviews.services import duty_report_submit
from tests import factories
from tests import factories as budgets
from tests.factories import AdviserFactory, EngagementFactory, LectureFactory, OpinionFactory, make_user, pdf_bytes
from tests.security.fuzz import fuzz_form_post, fuzz_values
from tests.world import unit_records

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
NOT_ALLOWED = "无权操作"  # the 403 page: a later example may find the record already decided


def uploads() -> st.SearchStrategy:
    """Any file: random bytes, a real PDF with junk after it, a PDF header on garbage, any name and type."""
    content = st.one_of(
        st.binary(max_size=4096),
        st.binary(max_size=512).map(lambda junk: pdf_bytes() + junk),
        st.binary(max_size=512).map(lambda junk: b"%PDF-1.7\n" + junk),
        st.just(b""),
    )
    names = st.one_of(
        st.sampled_from(["合同.pdf", "a.exe", "../../x.pdf", "x" * 300 + ".pdf", ".pdf", "无扩展名"]),
        st.text(max_size=40),
    )
    types = st.sampled_from(["application/pdf", "text/html", "application/octet-stream", ""])
    return st.builds(lambda b, n, t: SimpleUploadedFile(n or "f", b, content_type=t), content, names, types)


@pytest.fixture
def engagement_a(unit_a):
    return EngagementFactory(unit=unit_a, adviser__name="唐立新")


# -- advisers ------------------------------------------------------------------------------------


def test_recording_an_opinion_survives_any_input(client_for, officer_a, unit_a, engagement_a):
    fuzz_form_post(
        client_for(officer_a),
        reverse("advisers:opinion_create"),
        max_examples=EXAMPLES,
        valid={
            "adviser": engagement_a.adviser_id,
            "unit": unit_a.pk,
            "date": "2025-06-03",
            "matter_type": "contract",
            "source": "written",
            "subject": "合同审查意见",
            "content": "",
            "adoption": "not_adopted",
            "non_adoption_reason": "与上位法冲突",
        },
        once_token=True,
    )


def test_changing_an_opinion_survives_any_input(client_for, bureau, unit_a, engagement_a):
    opinion = OpinionFactory(adviser=engagement_a.adviser, unit=unit_a)
    fuzz_form_post(
        client_for(bureau),
        reverse("advisers:opinion_edit", args=[opinion.pk]),
        max_examples=EXAMPLES,
        valid={
            "adviser": engagement_a.adviser_id,
            "unit": unit_a.pk,
            "date": "2025-06-03",
            "matter_type": "contract",
            "source": "written",
            "meeting": "",
            "subject": "合同审查意见",
            "adoption": "adopted",
        },
    )


def test_recording_and_changing_a_lecture_survive_any_input(client_for, officer_a, unit_a, engagement_a):
    lecture = LectureFactory(speaker=engagement_a.adviser, unit=unit_a)
    valid = {
        "speaker": engagement_a.adviser_id,
        "unit": unit_a.pk,
        "date": "2025-06-03",
        "topic": "民法典",
        "audience": "全体干部",
    }
    client = client_for(officer_a)
    fuzz_form_post(client, reverse("advisers:lecture_create"), valid=valid, max_examples=EXAMPLES, once_token=True)
    fuzz_form_post(client, reverse("advisers:lecture_edit", args=[lecture.pk]), valid=valid, max_examples=EXAMPLES)


def test_an_advisers_proposals_survive_any_input(client_for, unit_a, engagement_a):
    client = client_for(make_user("adviser", Role.ADVISER, adviser=engagement_a.adviser))
    fuzz_form_post(
        client,
        reverse("advisers:opinion_propose"),
        valid={"unit": unit_a.pk, "date": "2025-06-03", "matter_type": "contract", "subject": "审查意见"},
        max_examples=EXAMPLES,
        once_token=True,
    )
    fuzz_form_post(
        client,
        reverse("advisers:lecture_propose"),
        valid={"unit": unit_a.pk, "date": "2025-06-03", "topic": "民法典", "audience": "全体干部"},
        max_examples=EXAMPLES,
        once_token=True,
    )


def test_confirming_or_declining_a_proposal_survives_any_input(client_for, officer_a, unit_a, engagement_a):
    adviser = make_user("adviser", Role.ADVISER, adviser=engagement_a.adviser)
    day = dt.date(2025, 6, 3)
    opinion = opinion_propose(actor=adviser, unit=unit_a, date=day, matter_type="contract", subject="审查意见")
    lecture = lecture_propose(actor=adviser, unit=unit_a, date=day, topic="民法典")
    client = client_for(officer_a)
    # The first valid decision succeeds; later examples find the record decided: refused, with the reason.
    for name, record in (("advisers:opinion_decide", opinion), ("advisers:lecture_decide", lecture)):
        fuzz_form_post(
            client,
            reverse(name, args=[record.pk]),
            valid={"decision": "decline", "decline_reason": "重复登记"},
            max_examples=EXAMPLES,
            refusals={400: None},
        )


def test_opening_a_reselection_round_survives_any_input(client_for, officer_a, unit_a, engagement_a):
    fuzz_form_post(
        client_for(officer_a),
        reverse("advisers:round_create"),
        max_examples=EXAMPLES,
        valid={
            "unit": unit_a.pk,
            "title": "续聘",
            "role": "unit_adviser",
            "selection_method": "public_selection",
            "opened_on": "2026-10-01",
            "new_term_start": "2027-01-01",
            "new_term_end": "2029-12-31",
            "note": "",
        },
        once_token=True,
    )


def test_adding_candidates_and_deciding_a_round_survive_any_input(client_for, officer_a, unit_a, engagement_a):
    from advisers import services

    round_ = services.round_open(
        actor=officer_a,
        unit=unit_a,
        title="续聘",
        role="unit_adviser",
        selection_method="public_selection",
        opened_on=dt.date(2026, 10, 1),
        new_term_start=dt.date(2027, 1, 1),
        new_term_end=dt.date(2029, 12, 31),
    )
    newcomers = iter(AdviserFactory.create_batch(60))
    client = client_for(officer_a)
    fuzz_form_post(
        client,
        reverse("advisers:round_add_candidate", args=[round_.pk]),
        max_examples=EXAMPLES,
        valid=lambda: {"adviser": next(newcomers).pk, "note": ""},
        refusals={400: None},
        once_token=True,
    )
    candidate = round_.candidates.order_by("pk").first()
    fuzz_form_post(
        client,
        reverse("advisers:round_decide", args=[round_.pk]),
        max_examples=EXAMPLES,
        valid={"selected": candidate.pk, "decided_on": "2026-12-01", "letter_issuer": "株洲市司法局", "confirm": "on"},
        refusals={400: None},
    )


def test_the_dispute_register_forms_survive_any_input(client_for, officer_a, unit_a):
    from advisers.models import Dispute

    case = {
        "unit": unit_a.pk,
        "case_number": "（2026）湘0202民初88号",
        "forum": "株洲市荷塘区人民法院",
        "counterparty": "株洲通达客运有限公司",
        "counterparty_lawyer": "邵毅",
        "counterparty_firm": "湖南求是律师事务所",
        "status": "open",
        "filed_on": "2026-10-09",
        "closed_on": "",
    }
    numbers = (f"（2026）湘0202民初{n}号" for n in range(10_000))
    client = client_for(officer_a)
    fuzz_form_post(
        client,
        reverse("advisers:dispute_create"),
        max_examples=EXAMPLES,
        valid=lambda: {**case, "case_number": next(numbers)},
        once_token=True,
    )
    dispute = Dispute.objects.order_by("pk").first()
    fuzz_form_post(
        client,
        reverse("advisers:dispute_edit", args=[dispute.pk]),
        max_examples=EXAMPLES,
        valid={**case, "case_number": dispute.case_number, "status": "closed", "closed_on": "2026-11-30"},
    )


def test_deciding_a_conflict_finding_survives_any_input(client_for, bureau, unit_a):
    from advisers import services
    from advisers.models import ConflictFinding, Engagement

    services.dispute_save(
        actor=None,
        unit=unit_a,
        case_number="（2026）湘0211行初58号",
        forum="株洲市天元区人民法院",
        counterparty="株洲恒泰置业有限公司",
        counterparty_lawyer="王建",
        filed_on=dt.date(2026, 9, 1),
    )
    engagement = services.engagement_save(
        actor=None,
        adviser=AdviserFactory(name="王建"),
        unit=unit_a,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    finding = engagement.conflict_findings.get()

    def waiting_again():
        """Each example starts from the finding still waiting (a valid one before it decided it)."""
        # Held before the finding opens again: the database refuses an open finding on an engagement in force.
        Engagement.objects.filter(pk=engagement.pk).update(status="pending_review", release_status="active")
        ConflictFinding.objects.filter(pk=finding.pk).update(status="open", decided_at=None, decided_by=None, reason="")
        return {"outcome": "cleared", "reason": "已解除委托，附证明。"}

    fuzz_form_post(
        client_for(bureau),
        reverse("advisers:conflict_decide", args=[finding.pk]),
        max_examples=EXAMPLES,
        valid=waiting_again,
        refusals={400: None},
    )


# -- contracts -----------------------------------------------------------------------------------


def test_uploading_a_signed_contract_survives_any_file(client_for, bureau, unit_a, engagement_a):
    from tests.factories import ContractFactory

    contract = ContractFactory(adviser=engagement_a.adviser, unit=unit_a, engagement=engagement_a)
    fuzz_form_post(
        client_for(bureau),
        reverse("contracts:upload", args=[contract.pk]),
        max_examples=EXAMPLES,
        valid=lambda: {"signed_file": SimpleUploadedFile("合同.pdf", pdf_bytes(), content_type="application/pdf")},
        strategies={"signed_file": st.one_of(uploads(), fuzz_values())},
        refusals={400: None},
    )


# -- budgets -------------------------------------------------------------------------------------


def _request_payload(year, **extra):
    return {
        "year": year,
        "title": "法律服务经费预算",
        "previous_year_amount": "20000.00",
        "justification": "按工作量测算",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-item_type": "standing_counsel",
        "form-0-quarter": "1",
        "form-0-quantity": "3",
        "form-0-description": "",
        "form-0-for_unit": "",
        "form-0-engagement": "",
        **extra,
    }


def test_a_budget_request_form_survives_any_input(client_for, officer_a):
    year = timezone.localdate().year + 1
    budgets.fee_standards(year)
    client = client_for(officer_a)
    fuzz_form_post(
        client, reverse("budgets:request_create"), valid=_request_payload(year), max_examples=EXAMPLES, once_token=True
    )
    draft = budgets.draft(officer_a, year=year)
    fuzz_form_post(
        client,
        reverse("budgets:request_edit", args=[draft.pk]),
        max_examples=EXAMPLES,
        valid=lambda: _request_payload(year, version=BudgetRequest.objects.get(pk=draft.pk).version),
    )


def test_the_budget_workflow_forms_survive_any_input(client_for, officer_a, bureau, finance):
    submitted = budgets.submitted(officer_a, year=2025)
    lines = {f"line_{line.pk}": str(line.amount) for line in submitted.lines.all()}
    fuzz_form_post(
        client_for(bureau),
        reverse("budgets:request_review", args=[submitted.pk]),
        max_examples=EXAMPLES,
        valid=lambda: {"version": BudgetRequest.objects.get(pk=submitted.pk).version, "comment": "合理", **lines},
    )
    reviewed = budgets.reviewed(officer_a, bureau, year=2024)
    approved = {f"line_{line.pk}": str(line.recommended_amount) for line in reviewed.lines.all()}
    fuzz_form_post(
        client_for(finance),
        reverse("budgets:request_approve", args=[reviewed.pk]),
        max_examples=EXAMPLES,
        valid=lambda: {"version": BudgetRequest.objects.get(pk=reviewed.pk).version, **approved},
    )
    to_return = budgets.submitted(officer_a, year=2023)
    fuzz_form_post(
        client_for(bureau),
        reverse("budgets:request_return", args=[to_return.pk]),
        max_examples=EXAMPLES,
        valid=lambda: {"version": BudgetRequest.objects.get(pk=to_return.pk).version, "reason": "依据不足"},
    )
    draft = budgets.draft(officer_a, year=2022)
    fuzz_form_post(
        client_for(officer_a),
        reverse("budgets:request_submit", args=[draft.pk]),
        max_examples=EXAMPLES,
        valid=lambda: {"version": BudgetRequest.objects.get(pk=draft.pk).version},
    )


# -- reviews -------------------------------------------------------------------------------------


@pytest.fixture
def veto_items(db):
    from reviews.models import VetoItem
    from reviews.models.assessments import DEFAULT_VETO_ITEMS

    return [VetoItem.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in DEFAULT_VETO_ITEMS]


@pytest.fixture
def records(engagement_a, officer_a):
    return unit_records(engagement_a, officer_a)


def test_duty_report_forms_survive_any_input(client_for, officer_a, records):
    client = client_for(officer_a)
    fuzz_form_post(
        client,
        reverse("reviews:duty_report_edit", args=[records["engagement"].pk, 2025]),
        valid={"summary": "全年审查合同12份。"},
        max_examples=EXAMPLES,
        once_token=True,
    )
    fuzz_form_post(
        client,
        reverse("reviews:duty_report_attach", args=[records["report"].pk]),
        max_examples=EXAMPLES,
        valid=lambda: {"file": SimpleUploadedFile("附件.pdf", pdf_bytes(), content_type="application/pdf")},
        strategies={"file": st.one_of(uploads(), fuzz_values())},
        refusals={400: None},
        once_token=True,
    )


def test_returning_a_duty_report_survives_any_input(client_for, officer_a, records):
    report = duty_report_submit(report=records["report"], actor=officer_a)
    # The first valid return succeeds; later examples find the report returned already: refused, with the reason.
    fuzz_form_post(
        client_for(officer_a),
        reverse("reviews:duty_report_return", args=[report.pk]),
        valid={"return_reason": "请补充讲座情况。"},
        max_examples=EXAMPLES,
        refusals={400: None},
    )


def test_assessment_forms_survive_any_input(client_for, officer_a, records, veto_items):
    assessment = records["assessment"]
    scores = {f"{kind}_{c.pk}": "88" for c in assessment.scheme.criteria.all() for kind in ("self", "unit")}
    client = client_for(officer_a)
    fuzz_form_post(
        client,
        reverse("reviews:assessment_edit", args=[records["engagement"].pk, 2025]),
        max_examples=EXAMPLES,
        valid={**scores, "vetoes": [], "comments": "表现良好"},
        strategies={"vetoes": st.one_of(st.sampled_from([str(v.pk) for v in veto_items]), fuzz_values())},
        once_token=True,
    )
    fuzz_form_post(
        client,
        reverse("reviews:assessment_detail", args=[assessment.pk]),
        max_examples=EXAMPLES,
        valid={"decision": "renew", "confirm": "on"},
        refusals={400: None, 403: NOT_ALLOWED},
    )


def test_work_report_forms_survive_any_input(client_for, officer_a, bureau, records):
    client = client_for(officer_a)
    fuzz_form_post(
        client,
        reverse("reviews:work_report_edit", args=[2024]),
        valid={"summary": "年度工作报告"},
        max_examples=EXAMPLES,
        once_token=True,
    )
    draft = UnitWorkReport.objects.get(unit=officer_a.unit, year=2024)
    fuzz_form_post(
        client,
        reverse("reviews:work_report_submit", args=[draft.pk]),
        valid={"confirm": "on"},
        refusals={400: None},
        max_examples=EXAMPLES,
    )
    fuzz_form_post(
        client_for(bureau),
        reverse("reviews:work_report_review", args=[records["work_report"].pk]),
        valid={"action": "return", "return_reason": "数据不全"},
        refusals={400: None},
        max_examples=EXAMPLES,
    )


def test_inspection_forms_survive_any_input(client_for, officer_a, bureau, records):
    fuzz_form_post(
        client_for(officer_a),
        reverse("reviews:rectification_answer", args=[records["item"].pk]),
        valid={"response": "已补充保密条款"},
        refusals={400: None},
        max_examples=EXAMPLES,
    )
    fuzz_form_post(
        client_for(bureau),
        reverse("reviews:inspection_letter", args=[records["inspection"].pk]),
        valid={"feedback_letter": "经检查，贵单位合同管理总体规范。", "confirm": "on"},
        max_examples=EXAMPLES,
    )


# -- selection -----------------------------------------------------------------------------------


def test_registering_as_an_applicant_survives_any_input(client, db):
    fuzz_form_post(
        client,
        reverse("selection:register"),
        max_examples=EXAMPLES,
        valid={
            "email": "lawyer@example.cn",
            "last_name": "周",
            "first_name": "明轩",
            "password1": "Lantern-Orchid-42-Quay",
            "password2": "Lantern-Orchid-42-Quay",
        },
        success=(200,),  # the "check your email" page, the same whether the address was new or not
        refusals={400: None, 429: "一小时后再试"},
    )


def test_applying_survives_any_input(client_for, notice):
    applicants = (factories.applicant_user(f"fuzz{n}") for n in range(10_000))
    fuzz_form_post(
        lambda: client_for(next(applicants)),
        reverse("selection:apply", args=[notice.pk]),
        max_examples=EXAMPLES,
        valid=factories.APPLICATION_DATA,
        refusals={400: None},
        once_token=True,
    )


def test_the_applicants_forms_survive_any_input(client_for, notice, applicant):
    application = factories.application_draft(notice, applicant)
    client = client_for(applicant)
    fuzz_form_post(
        client,
        reverse("selection:application_edit", args=[application.pk]),
        max_examples=EXAMPLES,
        valid=factories.APPLICATION_DATA,
        refusals={400: None},
    )
    fuzz_form_post(
        client,
        reverse("selection:document_upload", args=[application.pk]),
        max_examples=EXAMPLES,
        valid=lambda: {
            "kind": "other",
            "file": SimpleUploadedFile("材料.pdf", pdf_bytes(), content_type="application/pdf"),
        },
        strategies={"file": st.one_of(uploads(), fuzz_values())},
        refusals={400: None},
        once_token=True,
    )
    fuzz_form_post(
        client,
        reverse("selection:conflict_add", args=[application.pk]),
        max_examples=EXAMPLES,
        valid={"kind": "relative", "description": "配偶在该单位工作", "counterparty": "", "case_number": ""},
        refusals={400: None},
        once_token=True,
    )


def test_submitting_an_application_survives_any_input(client_for, notice, applicant):
    application = factories.with_documents(factories.application_draft(notice, applicant))
    fuzz_form_post(
        client_for(applicant),
        reverse("selection:submit", args=[application.pk]),
        max_examples=EXAMPLES,
        valid={"confirm": "on"},
        refusals={400: None},
    )


def test_the_notice_forms_survive_any_input(client_for, bureau, selection_round):
    now = timezone.localtime()
    valid = {
        "title": "法律顾问遴选公告",
        "body": "现公开遴选法律顾问。",
        "min_years_practice": "5",
        "clean_record_years": "3",
        "specialties": "",
        "other_requirements": "",
        "requires_licence": "on",
        "requires_cv": "on",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=20)).strftime("%Y-%m-%dT17:00"),
        "publicity_days": "7",
        "scholars": "4",
        "lawyers": "8",
        "law_firms": "0",
    }
    client = client_for(bureau)
    fuzz_form_post(
        client,
        reverse("selection:notice_create"),
        max_examples=EXAMPLES,
        valid={**valid, "round": selection_round.pk},
        refusals={400: None},
        once_token=True,
    )
    notice = factories.selection_notice(
        factories.city_round(factories.UnitFactory(parent=selection_round.unit, kind="county_gov"))
    )
    fuzz_form_post(
        client_for(bureau),
        reverse("selection:notice_edit", args=[notice.pk]),
        max_examples=EXAMPLES,
        valid=valid,
        refusals={400: None},
    )
