"""Conflict-of-interest review (利益冲突审查): each kind of finding, the hold on the engagement, the bureau's
decision with its reason and audit row, and the yearly sweep that raises each finding once."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import Notice, Unit
from advisers import services, tasks
from advisers.models import AdviserSettings, ConflictFinding, Dispute, Engagement
from tests.factories import AdviserFactory, EngagementFactory

TODAY = timezone.localdate()
START, END = TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=700)


def case(unit, *, lawyer="", firm="", status=Dispute.Status.OPEN, number="（2026）湘0211行初58号"):
    return services.dispute_save(
        actor=None,
        unit=unit,
        case_number=number,
        forum="株洲市天元区人民法院",
        counterparty="株洲恒泰置业有限公司",
        counterparty_lawyer=lawyer,
        counterparty_firm=firm,
        status=status,
        filed_on=TODAY - dt.timedelta(days=90),
        closed_on=TODAY - dt.timedelta(days=10) if status == Dispute.Status.CLOSED else None,
    )


def engage(adviser, unit, *, actor=None, declarations=(), start=START, end=END):
    return services.engagement_save(
        actor=actor,
        declarations=declarations,
        adviser=adviser,
        unit=unit,
        role=Engagement.Role.UNIT_ADVISER,
        start_date=start,
        end_date=end,
    )


@pytest.fixture
def lawyer(db):
    return AdviserFactory(name="王建", category="lawyer", affiliation="湖南求是律师事务所")


def held(engagement) -> bool:
    engagement.refresh_from_db()
    return engagement.status == Engagement.Status.PENDING_REVIEW


# -- Each kind of finding ---------------------------------------------------------------------------


def test_an_adviser_acting_for_the_other_side_of_an_open_case_holds_the_new_engagement(unit_a, lawyer):
    dispute = case(unit_a, lawyer="王建")

    engagement = engage(lawyer, unit_a)

    assert held(engagement) and engagement.release_status == Engagement.Status.ACTIVE
    assert not Engagement.objects.in_force().filter(pk=engagement.pk).exists()
    finding = ConflictFinding.objects.get(engagement=engagement)
    assert (finding.kind, finding.dispute, finding.occasion) == ("counterparty", dispute, "created")
    assert finding.message == (
        "王建代理株洲恒泰置业有限公司与市住房和城乡建设局的未结案件（2026）湘0211行初58号（株洲市天元区人民法院）。"
    )


def test_the_advisers_firm_acting_for_the_other_side_is_a_finding(unit_a, lawyer):
    case(unit_a, firm="湖南求是律师事务所")
    firm = AdviserFactory(name="湖南求是律师事务所", category="law_firm", affiliation="")

    assert held(engage(lawyer, unit_a))
    assert held(engage(firm, unit_a))


def test_a_lawyer_among_several_named_on_the_other_side_is_found(unit_a, lawyer):
    case(unit_a, lawyer="李明、王建")
    assert held(engage(lawyer, unit_a))


def test_a_name_that_is_only_part_of_another_lawyers_is_not_a_finding(unit_a, lawyer):
    case(unit_a, lawyer="王建国")
    assert not held(engage(lawyer, unit_a))


def test_a_case_of_a_unit_under_the_retaining_unit_is_a_finding(unit_a, unit_a_child, lawyer):
    case(unit_a_child, lawyer="王建")
    assert held(engage(lawyer, unit_a))


def test_closed_cases_and_other_units_cases_raise_nothing(unit_a, unit_b, lawyer):
    case(unit_a, lawyer="王建", status=Dispute.Status.CLOSED)
    case(unit_b, lawyer="王建", number="（2026）湘0202民初1号")

    engagement = engage(lawyer, unit_a)

    assert engagement.status == Engagement.Status.ACTIVE and not held(engagement)
    assert not ConflictFinding.objects.exists()


def test_an_adviser_may_serve_three_units_by_default_and_a_fourth_is_a_finding(city, lawyer):
    units = [Unit.objects.create(name=f"市直部门{n}", parent=city) for n in range(4)]
    first_three = [engage(lawyer, unit) for unit in units[:3]]
    assert not any(held(e) for e in first_three)

    fourth = engage(lawyer, units[3])

    assert held(fourth)
    finding = ConflictFinding.objects.get(engagement=fourth)
    assert finding.kind == "too_many_units"
    assert finding.message == "王建将同时受聘于4个单位，本辖区规定最多3个。"


def test_the_jurisdiction_sets_its_own_maximum(city, unit_a, unit_b, lawyer):
    AdviserSettings.objects.filter(jurisdiction=city.jurisdiction).update(max_units=1)
    assert not held(engage(lawyer, unit_a))
    assert held(engage(lawyer, unit_b))


def test_engagements_that_ended_or_do_not_overlap_do_not_count(city, unit_a, unit_b, lawyer):
    AdviserSettings.objects.filter(jurisdiction=city.jurisdiction).update(max_units=1)
    EngagementFactory(adviser=lawyer, unit=unit_a, status=Engagement.Status.EXPIRED)
    EngagementFactory(
        adviser=lawyer, unit=unit_a, start_date=END + dt.timedelta(days=1), end_date=END.replace(year=END.year + 2)
    )
    assert not held(engage(lawyer, unit_b))


def test_a_law_firm_serves_any_number_of_units(city, unit_a, unit_b):
    AdviserSettings.objects.filter(jurisdiction=city.jurisdiction).update(max_units=1)
    firm = AdviserFactory(name="湖南株城律师事务所", category="law_firm")
    engage(firm, unit_a)
    assert not held(engage(firm, unit_b))


def test_the_most_units_setting_is_a_database_constraint(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdviserSettings.objects.filter(jurisdiction=city.jurisdiction).update(max_units=0)


def test_each_declared_conflict_is_a_finding_and_blank_ones_are_ignored(unit_a, lawyer):
    engagement = engage(lawyer, unit_a, declarations=["近三年曾代理针对市住建局的行政诉讼", "  ", ""])

    assert held(engagement)
    finding = ConflictFinding.objects.get(engagement=engagement)
    assert (finding.kind, finding.message) == ("declared", "本人申报：近三年曾代理针对市住建局的行政诉讼")


def test_a_renewal_is_checked_and_other_changes_are_not(unit_a, lawyer):
    engagement = EngagementFactory(adviser=lawyer, unit=unit_a, start_date=START, end_date=END)
    case(unit_a, lawyer="王建")

    services.engagement_save(actor=None, engagement=engagement, letter_no="株住建聘〔2026〕1号")
    assert not held(engagement)

    services.engagement_save(actor=None, engagement=engagement, end_date=END + dt.timedelta(days=365))
    assert held(engagement)
    assert ConflictFinding.objects.get(engagement=engagement).occasion == "renewed"


def test_a_re_selection_round_checks_each_new_engagement_with_what_its_adviser_declared(unit_a, officer_a, lawyer):
    incumbent = EngagementFactory(adviser=lawyer, unit=unit_a, start_date=START, end_date=END)
    newcomer = AdviserFactory(name="赵敏")
    round_ = services.round_open(
        actor=officer_a,
        unit=unit_a,
        title="续聘",
        role="unit_adviser",
        selection_method="public_selection",
        opened_on=TODAY,
        new_term_start=END + dt.timedelta(days=1),
        new_term_end=END + dt.timedelta(days=3 * 365),
    )
    services.candidate_add(actor=officer_a, round_=round_, adviser=newcomer)
    case(unit_a, lawyer="王建")

    created = services.round_decide(
        actor=officer_a,
        round_=round_,
        selected_ids=round_.candidates.values_list("pk", flat=True),
        declarations={newcomer.pk: ["配偶在市住房和城乡建设局工作"]},
    )

    renewed, new = sorted(created, key=lambda e: e.adviser_id != lawyer.pk)
    assert held(renewed) and held(new)
    assert ConflictFinding.objects.get(engagement=renewed).occasion == "renewed"
    assert ConflictFinding.objects.get(engagement=new).kind == "declared"
    incumbent.refresh_from_db()
    assert incumbent.status == Engagement.Status.RENEWED


def test_the_check_tells_the_bureau_and_the_units_officers(unit_a, bureau, officer_a, officer_b, lawyer):
    case(unit_a, lawyer="王建")
    engage(lawyer, unit_a)
    told = set(Notice.objects.filter(kind="conflict_found").values_list("recipient__username", flat=True))
    assert told == {"bureau", "officer_a"}


# -- The hold ----------------------------------------------------------------------------------------


@pytest.fixture
def held_engagement(unit_a, lawyer):
    case(unit_a, lawyer="王建")
    return engage(lawyer, unit_a)


def test_a_held_engagement_cannot_be_put_in_force_by_an_edit(held_engagement):
    with pytest.raises(ValidationError) as refused:
        services.engagement_save(actor=None, engagement=held_engagement, status=Engagement.Status.ACTIVE)
    assert "利益冲突审查" in str(refused.value)
    assert held(held_engagement)


def test_the_database_refuses_a_held_engagement_in_force(held_engagement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=held_engagement.pk).update(status=Engagement.Status.ACTIVE)
    # Clearing the hold too is refused while a finding waits (the trigger of migration 0016).
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=held_engagement.pk).update(status=Engagement.Status.RENEWED, release_status="")
    assert held(held_engagement)


def test_the_database_refuses_an_open_finding_on_an_engagement_in_force(unit_a, lawyer):
    engagement = engage(lawyer, unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConflictFinding.objects.create(
            engagement=engagement, key="declared:x", kind="declared", message="绕过服务写入", occasion="yearly"
        )


# -- The bureau's decision ---------------------------------------------------------------------------


def test_clearing_the_finding_puts_the_engagement_in_force_audited_and_tells_the_officers(
    held_engagement, bureau, officer_a
):
    finding = held_engagement.conflict_findings.get()

    services.conflict_decide(actor=bureau, finding=finding, upheld=False, reason="王建已于立案前解除委托，出具了证明。")

    held_engagement.refresh_from_db()
    assert (held_engagement.status, held_engagement.release_status) == (Engagement.Status.ACTIVE, "")
    finding.refresh_from_db()
    assert (finding.status, finding.decided_by, finding.reason) == (
        "cleared",
        bureau,
        "王建已于立案前解除委托，出具了证明。",
    )
    entry = LogEntry.objects.get_for_object(finding).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.actor == bureau and "王建已于立案前解除委托" in str(entry.changes)
    notice = Notice.objects.get(recipient=officer_a, kind="conflict_decided")
    assert notice.body == "王建已于立案前解除委托，出具了证明。" and "聘任生效" in notice.title


def test_upholding_ends_the_engagement_and_decides_its_other_findings(held_engagement, bureau, officer_a):
    services.conflicts_check(engagement=held_engagement, occasion="created", declarations=["另一申报事项"])
    first, second = held_engagement.conflict_findings.order_by("pk")

    services.conflict_decide(actor=bureau, finding=first, upheld=True, reason="案件仍在审理，王建系对方代理人。")

    held_engagement.refresh_from_db()
    assert held_engagement.status == Engagement.Status.CONFLICT and held_engagement.release_status == ""
    assert set(held_engagement.conflict_findings.values_list("status", flat=True)) == {"upheld"}
    assert "终止聘任" in Notice.objects.get(recipient=officer_a, kind="conflict_decided").title


def test_clearing_one_of_two_findings_keeps_the_engagement_held(held_engagement, bureau, officer_a):
    services.conflicts_check(engagement=held_engagement, occasion="created", declarations=["另一申报事项"])
    first, second = held_engagement.conflict_findings.order_by("pk")

    services.conflict_decide(actor=bureau, finding=first, upheld=False, reason="已解除委托")

    assert held(held_engagement)
    services.conflict_decide(actor=bureau, finding=second, upheld=False, reason="申报事项已消除")
    assert not held(held_engagement) and held_engagement.status == Engagement.Status.ACTIVE


def test_a_renewed_engagement_goes_back_to_renewed_when_cleared(unit_a, lawyer, bureau):
    engagement = EngagementFactory(
        adviser=lawyer, unit=unit_a, status=Engagement.Status.RENEWED, start_date=START, end_date=END
    )
    case(unit_a, lawyer="王建")
    services.conflicts_review_in_force()
    assert held(engagement) and engagement.release_status == Engagement.Status.RENEWED

    services.conflict_decide(actor=bureau, finding=engagement.conflict_findings.get(), upheld=False, reason="已撤诉")

    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.RENEWED


def test_a_decision_needs_a_written_reason(held_engagement, bureau):
    finding = held_engagement.conflict_findings.get()
    with pytest.raises(ValidationError) as refused:
        services.conflict_decide(actor=bureau, finding=finding, upheld=False, reason="   ")
    assert refused.value.message_dict == {"reason": ["请填写决定理由。"]}
    assert held(held_engagement)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConflictFinding.objects.filter(pk=finding.pk).update(
            status="cleared", decided_at=timezone.now(), decided_by=bureau
        )


def test_a_finding_is_decided_once(held_engagement, bureau):
    finding = held_engagement.conflict_findings.get()
    services.conflict_decide(actor=bureau, finding=finding, upheld=False, reason="已解除委托")
    with pytest.raises(ValidationError, match="已作出决定"):
        services.conflict_decide(actor=bureau, finding=finding, upheld=True, reason="改判")


# -- The yearly sweep --------------------------------------------------------------------------------


def test_the_yearly_sweep_raises_each_finding_once(unit_a, unit_b, lawyer):
    in_force = EngagementFactory(adviser=lawyer, unit=unit_a, start_date=START, end_date=END)
    ended = EngagementFactory(adviser=lawyer, unit=unit_b, status=Engagement.Status.EXPIRED)
    case(unit_a, lawyer="王建")
    case(unit_b, lawyer="王建", number="（2026）湘0202民初1号")

    assert tasks.review_conflicts_yearly() == 1
    assert tasks.review_conflicts_yearly() == 0

    assert ConflictFinding.objects.get().engagement == in_force
    assert ConflictFinding.objects.get().occasion == "yearly"
    assert not ended.conflict_findings.exists()


def test_a_cleared_finding_is_not_raised_again_by_the_next_sweep(held_engagement, bureau):
    services.conflict_decide(
        actor=bureau, finding=held_engagement.conflict_findings.get(), upheld=False, reason="已解除委托"
    )
    assert services.conflicts_review_in_force() == 0
    assert not held(held_engagement)


def test_the_database_keeps_a_fact_to_one_finding_per_engagement(held_engagement):
    finding = held_engagement.conflict_findings.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ConflictFinding.objects.create(
            engagement=held_engagement,
            key=finding.key,
            kind=finding.kind,
            dispute=finding.dispute,
            message="重复",
            occasion="yearly",
        )


def test_the_sweep_is_scheduled_every_january_in_beijing_time(beat_schedules):
    assert PeriodicTask.objects.filter(task="advisers.tasks.review_conflicts_yearly").count() == 1
    task = PeriodicTask.objects.select_related("crontab").get(task="advisers.tasks.review_conflicts_yearly")
    assert (task.crontab.month_of_year, task.crontab.day_of_month, str(task.crontab.timezone)) == (
        "1",
        "2",
        "Asia/Shanghai",
    )


# -- The register's rules ----------------------------------------------------------------------------


def test_a_closed_case_records_its_date_and_an_open_one_none(unit_a):
    with pytest.raises(ValidationError) as refused:
        services.dispute_save(
            actor=None,
            unit=unit_a,
            case_number="X1",
            forum="法院",
            counterparty="某公司",
            status=Dispute.Status.CLOSED,
            filed_on=TODAY,
        )
    assert refused.value.message_dict["closed_on"] == ["请填写结案日期。"]
    assert not Dispute.objects.exists()
    dispute = case(unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.filter(pk=dispute.pk).update(status=Dispute.Status.CLOSED)


def test_a_unit_registers_a_case_number_once(unit_a):
    case(unit_a)
    with pytest.raises(ValidationError, match="已登记过该案号"):
        case(unit_a)


def test_the_admin_inline_on_an_adviser_goes_through_the_check(client_for, bureau, unit_a, lawyer):
    case(unit_a, lawyer="王建")
    prefix = "engagements"
    data = {
        "name": lawyer.name,
        "category": lawyer.category,
        "licence_no": lawyer.licence_no,
        "affiliation": lawyer.affiliation,
        "specialties": "",
        "phone": "",
        "email": "",
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
        f"{prefix}-0-adviser": lawyer.pk,
        f"{prefix}-0-unit": unit_a.pk,
        f"{prefix}-0-role": "unit_adviser",
        f"{prefix}-0-kind": "standing",
        f"{prefix}-0-start_date": START.isoformat(),
        f"{prefix}-0-end_date": END.isoformat(),
        f"{prefix}-0-status": "active",
        f"{prefix}-0-letter_no": "",
    }

    response = client_for(bureau).post(reverse("admin:advisers_adviser_change", args=[lawyer.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert held(Engagement.objects.get(adviser=lawyer, unit=unit_a))


def engagement_form(adviser, unit, status="active"):
    return {
        "adviser": adviser.pk,
        "unit": unit.pk,
        "role": "unit_adviser",
        "kind": "standing",
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "letter_no": "",
        "letter_issuer": "",
        "letter_date": "",
        "selection_method": "public_selection",
        "selection_completed_on": "",
        "status": status,
        "dismissed_on": "",
        "previous": "",
    }


def test_the_engagement_admin_goes_through_the_check(client_for, bureau, unit_a, lawyer):
    case(unit_a, lawyer="王建")

    response = client_for(bureau).post(reverse("admin:advisers_engagement_add"), engagement_form(lawyer, unit_a))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert held(Engagement.objects.get(adviser=lawyer, unit=unit_a))


def test_the_engagement_admin_cannot_release_a_held_engagement(client_for, bureau, held_engagement):
    url = reverse("admin:advisers_engagement_change", args=[held_engagement.pk])
    data = {
        "adviser": held_engagement.adviser_id,
        "unit": held_engagement.unit_id,
        "role": held_engagement.role,
        "kind": held_engagement.kind,
        "start_date": held_engagement.start_date.isoformat(),
        "end_date": held_engagement.end_date.isoformat(),
        "selection_method": held_engagement.selection_method,
        "status": "active",
    }

    response = client_for(bureau).post(url, data)

    assert response.status_code == 200
    assert "该聘任正在进行利益冲突审查，须待司法局作出决定。" in response.content.decode()
    assert held(held_engagement)


def test_the_engagement_admin_cannot_hold_an_engagement_by_hand(client_for, bureau, unit_a, lawyer):
    form = engagement_form(lawyer, unit_a, status="pending_review")
    response = client_for(bureau).post(reverse("admin:advisers_engagement_add"), form)
    assert response.status_code == 200
    assert "只有利益冲突问题才能使聘任进入审查状态。" in response.content.decode()
    assert not Engagement.objects.filter(adviser=lawyer).exists()
