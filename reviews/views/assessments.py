from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import once
from accounts.forms import apply_errors
from accounts.policy import ADD, CHANGE, VIEW, get_for, policy_for, require
from ui.listing import paginate

from ..forms import GRADE_FILTER_CHOICES, AssessmentForm, DecisionForm
from ..models import Assessment
from ..records import engagements_in_year
from ..selectors import assessment_rows, grade_counts
from ..services import assessment_complete, assessment_save, scheme_for_year
from .common import list_filters


@require_GET
@login_required
def assessments(request):
    require(request.user, Assessment, VIEW)
    year, grade, search, years = list_filters(request)
    rows = assessment_rows(request.user, year=year, grade=grade, search=search)
    return render(
        request,
        "reviews/assessments.html",
        {
            "page": paginate(request, rows),
            "year": year,
            "years": years,
            "state": grade,
            "q": search,
            "grades": GRADE_FILTER_CHOICES,
            "counts": grade_counts(request.user, year=year),
            "may_write": policy_for(Assessment).can(request.user, ADD),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def assessment_edit(request, engagement_pk: int, year: int):
    engagement = get_for(request.user, engagements_in_year(year).select_related("adviser", "unit"), pk=engagement_pk)
    assessment = Assessment.objects.filter(engagement=engagement, year=year).first()
    if not policy_for(Assessment).can(request.user, CHANGE if assessment else ADD, assessment):
        raise PermissionDenied
    if assessment and assessment.is_completed:
        return redirect("reviews:assessment_detail", pk=assessment.pk)
    if request.method == "POST" and (earlier := once.resent(request)):
        return redirect("reviews:assessment_detail", pk=earlier.pk)
    scheme = assessment.scheme if assessment else scheme_for_year(year, engagement.unit)
    initial_scores, initial = {}, {}
    if assessment:
        initial_scores = {s.criterion_id: (s.self_score, s.unit_score) for s in assessment.scores.all()}
        initial = {"vetoes": list(assessment.vetoes.all()), "comments": assessment.comments}
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        criteria=scheme.criteria.all(),
        initial_scores=initial_scores,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        fields = {
            "scores": form.scores(),
            "veto_ids": [v.pk for v in form.cleaned_data["vetoes"]],
            "comments": form.cleaned_data["comments"],
        }
        try:
            assessment, created = once.save_once(
                user=request.user,
                token=form.cleaned_data[once.FIELD],
                creating=assessment is None,
                save=lambda: assessment_save(engagement=engagement, year=year, actor=request.user, **fields),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except IntegrityError:
            form.add_error(
                None, _("Someone else saved this assessment at the same time; reload the page and try again.")
            )
        else:
            if created:
                messages.success(request, _("The scores were saved."))
            else:
                messages.info(request, once.already_sent_message(assessment))
            return redirect("reviews:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "reviews/assessment_edit.html",
        {"engagement": engagement, "year": year, "scheme": scheme, "form": form, "assessment": assessment},
    )


def _assessment_for(user, pk, action="view"):
    queryset = Assessment.objects.select_related("engagement__adviser", "engagement__unit", "scheme", "completed_by")
    return get_for(user, queryset, action, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_detail(request, pk: int):
    """The assessment; for those who may complete it, the decision form (with its confirmation)."""
    assessment = _assessment_for(request.user, pk)
    may_change = not assessment.is_completed and policy_for(Assessment).can(request.user, CHANGE, assessment)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = DecisionForm(request.POST if request.method == "POST" else None, grade=assessment.grade)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_complete(
                assessment=assessment, decision=form.cleaned_data["decision"], actor=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The assessment was completed."))
            return redirect("reviews:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "reviews/assessment_detail.html",
        {
            "assessment": assessment,
            "scores": assessment.scores.select_related("criterion"),
            "vetoes": assessment.vetoes.all(),
            "form": form,
            "may_change": may_change,
        },
        status=400 if request.method == "POST" else 200,
    )
