from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from django.utils import timezone

from accounts import policy
from accounts.policy import ADD, CHANGE, DELETE, EXPORT, READ_ACTIONS, VIEW, Policy
from accounts.roles import Role
from ui.masking import mask_id, mask_phone

from .models import (
    Adviser,
    AdviserSettings,
    ConflictFinding,
    Dispute,
    Engagement,
    ExecutiveMeeting,
    InspectionParticipation,
    Lecture,
    LegalOpinion,
    MeetingAttendance,
    ReselectionCandidate,
    ReselectionRound,
)


def _is_officer(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.role == Role.OFFICER and not user.is_superuser
    )


class AdviserPolicy(Policy):
    """An officer sees the advisers their unit (or a sub-unit) engages or has as re-selection candidates;
    an adviser sees themself.

    Phone and licence number are personal data: shown in full to bureau staff, auditors, the adviser
    themself and officers of a unit that has the adviser in force; masked for everyone else
    (finance approvers, officers who only see a past engagement or a candidacy).
    """

    def __init__(self):
        super().__init__(
            unit_field="engagements__unit",
            adviser_field="pk",
            bureau_actions=(VIEW, ADD, CHANGE, DELETE, EXPORT),
            auditor_actions=(VIEW, EXPORT),
        )

    def scope(self, user, queryset, action=VIEW):
        """Advisers are seen where one of their engagements or candidacies is, and by the jurisdiction
        that keeps them in its registry."""
        if not Policy.can(self, user, VIEW):
            return queryset.none()
        if user.is_superuser:
            return queryset
        if user.role == Role.ADVISER:
            return queryset.filter(pk=user.adviser_id)
        engagements = policy.policy_for(Engagement).scope(user, Engagement.objects.all(), action)
        candidacies = policy.policy_for(ReselectionCandidate).scope(user, ReselectionCandidate.objects.all(), action)
        condition = Q(pk__in=engagements.values("adviser_id")) | Q(pk__in=candidacies.values("adviser_id"))
        if user.role in policy.JURISDICTION_ROLES:
            registry = Policy(unit_field=None, jurisdiction_field="jurisdiction")._jurisdiction_condition(
                user, writes=action not in READ_ACTIONS
            )
            condition |= registry
        return queryset.filter(condition)

    def contact_visible(self, user):
        """An expression for `.annotate(contact_visible=...)`: True where this user may read the contact data."""
        if not (user and user.is_authenticated and user.is_active):
            return Value(False, output_field=BooleanField())
        if user.is_superuser or user.role in (Role.BUREAU, Role.AUDITOR):
            return Value(True, output_field=BooleanField())
        if user.role == Role.ADVISER and user.adviser_id:
            return Q(pk=user.adviser_id)
        if _is_officer(user) and user.unit_id:
            return Exists(
                Engagement.objects.in_force(timezone.localdate()).filter(
                    adviser=OuterRef("pk"), unit__path__startswith=user.unit.path
                )
            )
        return Value(False, output_field=BooleanField())


def with_contact(user, queryset):
    """Annotate advisers with `contact_visible` (one subquery, no extra query per row)."""
    return queryset.annotate(contact_visible=policy.policy_for(Adviser).contact_visible(user))


def shown_phone(adviser: Adviser) -> str:
    return adviser.phone if getattr(adviser, "contact_visible", False) else mask_phone(adviser.phone)


def shown_licence(adviser: Adviser) -> str:
    return adviser.licence_no if getattr(adviser, "contact_visible", False) else mask_id(adviser.licence_no)


# An adviser proposes its own lectures and written opinions (PROPOSE); they count once the unit's officer, or
# for a government's own advisers its justice bureau, confirms them (CONFIRM: confirm or decline).
PROPOSE, CONFIRM = "propose", "confirm"
OFFICER_RECORDS = (VIEW, ADD, CHANGE)
# Opinions given at an executive meeting are recorded by the bureau with the meeting's attendance.
RECORD_AT_MEETING = "record_at_meeting"
# Clear or uphold a conflict-of-interest finding: the bureau of the engagement's unit.
DECIDE = "decide"

policy.register(Adviser, AdviserPolicy())
# Each jurisdiction's monitoring settings: added to depart from the level above, deleted to follow it again.
policy.register(
    AdviserSettings, Policy(unit_field=None, jurisdiction_field="jurisdiction", inherited=True, finance_actions=())
)
policy.register(Engagement, Policy(unit_field="unit", adviser_field="adviser"))
# A government's executive meetings are its jurisdiction's.
policy.register(ExecutiveMeeting, Policy(unit_field=None, jurisdiction_field="jurisdiction"))
policy.register(
    MeetingAttendance, Policy(unit_field=None, jurisdiction_field="meeting__jurisdiction", adviser_field="adviser")
)
policy.register(
    LegalOpinion,
    Policy(
        unit_field="unit",
        adviser_field="adviser",
        officer_actions=(*OFFICER_RECORDS, CONFIRM),
        adviser_actions=(VIEW, PROPOSE),
        bureau_actions=(VIEW, ADD, CHANGE, DELETE, RECORD_AT_MEETING, CONFIRM),
    ),
)
policy.register(
    Lecture,
    Policy(
        unit_field="unit",
        adviser_field="speaker",
        officer_actions=(*OFFICER_RECORDS, CONFIRM),
        adviser_actions=(VIEW, PROPOSE),
        bureau_actions=(VIEW, ADD, CHANGE, DELETE, CONFIRM),
    ),
)
# Kept by the organising unit's jurisdiction (another city's or county's team is not theirs to read);
# officers do not keep the team.
policy.register(InspectionParticipation, Policy(unit_field="unit", adviser_field="adviser", officer_actions=()))
policy.register(ReselectionRound, Policy(unit_field="unit", officer_actions=OFFICER_RECORDS, finance_actions=()))
policy.register(
    ReselectionCandidate, Policy(unit_field="round__unit", officer_actions=OFFICER_RECORDS, finance_actions=())
)
# Each unit keeps its register of disputes; the bureau sees and keeps those of its area, auditors read them.
policy.register(Dispute, Policy(unit_field="unit", officer_actions=OFFICER_RECORDS, finance_actions=()))
# Findings are raised by the check, never typed in; only the bureau decides them.
policy.register(
    ConflictFinding, Policy(unit_field="engagement__unit", bureau_actions=(VIEW, DECIDE), finance_actions=())
)
