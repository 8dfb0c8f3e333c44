import datetime as dt
from decimal import Decimal

import factory

from accounts.jurisdictions import top_of
from accounts.models import Jurisdiction
from advisers.models import Adviser, Engagement, ExecutiveMeeting, Lecture, LegalOpinion, MeetingAttendance
from contracts.models import ServiceContract


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adviser

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Kept by the top jurisdiction's registry (the test city), as the admin would for its bureau.
        kwargs.setdefault("jurisdiction", Jurisdiction.objects.filter(parent__isnull=True).first())
        return super()._create(model_class, *args, **kwargs)

    name = factory.Sequence(lambda n: f"顾问{n:03d}")
    category = Adviser.Category.LAWYER
    licence_no = factory.Sequence(lambda n: f"1430220101{n:07d}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    affiliation = "湖南某某律师事务所"


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    adviser = factory.SubFactory(AdviserFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = dt.date(2026, 12, 31)
    selection_completed_on = dt.date(2023, 12, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExecutiveMeeting

    jurisdiction = factory.LazyFunction(lambda: top_of(None))
    session_number = factory.Sequence(lambda n: n + 1)
    date = dt.date(2025, 6, 3)
    topics = "城市更新项目实施方案"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    adviser = factory.SubFactory(AdviserFactory)


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalOpinion

    adviser = factory.SubFactory(AdviserFactory)
    date = dt.date(2025, 6, 3)
    matter_type = LegalOpinion.MatterType.CONTRACT
    subject = factory.Sequence(lambda n: f"合同审查意见{n}")


class LectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecture

    speaker = factory.SubFactory(AdviserFactory)
    date = dt.date(2025, 6, 3)
    topic = "民法典与政府合同管理"


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceContract

    adviser = factory.SubFactory(AdviserFactory)
    number = factory.Sequence(lambda n: f"HT-{n:04d}")
    signed_on = dt.date(2024, 1, 5)
    start_date = dt.date(2024, 1, 10)
    end_date = dt.date(2025, 12, 31)
    amount = Decimal("120000.00")
    procurement_method = "competitive_consultation"
    clause_scope = clause_fees = clause_term = clause_confidentiality = True
    clause_conflict = clause_liability = clause_assessment = clause_termination = True


def open_round(officer, unit):
    """A unit's re-selection round for the 2026–2028 term, opened by its officer on 1 November 2025."""
    from advisers import services

    return services.round_open(
        actor=officer,
        unit=unit,
        title="2026年法律顾问换届遴选",
        role=Engagement.Role.UNIT_ADVISER,
        selection_method="public_selection",
        opened_on=dt.date(2025, 11, 1),
        new_term_start=dt.date(2026, 1, 1),
        new_term_end=dt.date(2028, 12, 31),
    )
