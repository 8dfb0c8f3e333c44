from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.jurisdictions import jurisdiction_param
from accounts.policy import CHANGE, VIEW, get_for, policy_for, require
from advisers.models import SelectionMethod
from audit.trail import record_event
from ui.listing import paginate, sorted_by

from . import selectors, services
from .forms import SignedFileForm
from .models import ContractFinding, Rule, ServiceContract
from .uploads import attachment_response

CONTRACT_COLUMNS = {
    "number": "number",
    "unit": "unit__name",
    "adviser": "adviser__name",
    "signed_on": "signed_on",
    "end_date": "end_date",
    "amount": "amount",
    "findings": "open_findings",
}


@require_GET
@login_required
def contract_list(request):
    require(request.user, ServiceContract, VIEW)
    q, method, findings, state = (
        request.GET.get("q", "").strip(),
        request.GET.get("method", ""),
        request.GET.get("findings", ""),
        request.GET.get("state", ""),
    )
    ending = request.GET.get("ending") == "1"
    queryset, sort = sorted_by(
        request,
        selectors.contracts_for(
            request.user, search=q, method=method, findings=findings, ending_days=90 if ending else None, state=state
        ),
        CONTRACT_COLUMNS,
        default="-signed_on",
    )
    return render(
        request,
        "contracts/contract_list.html",
        {
            "page": paginate(request, queryset),
            "q": q,
            "method": method,
            "findings": findings,
            "state": state,
            "states": ServiceContract.TermState.choices,
            "ending": ending,
            "methods": SelectionMethod.choices,
            "sort": sort,
        },
    )


def _detail(request, contract, form=None, status=200):
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "findings": selectors.contract_findings(contract),
            "clauses": [(label, getattr(contract, field)) for field, label in ServiceContract.REQUIRED_CLAUSES],
            "may_upload": policy_for(ServiceContract).can(request.user, CHANGE, contract),
            "form": form or SignedFileForm(),
        },
        status=status,
    )


@require_GET
@login_required
def contract_detail(request, pk: int):
    contract = get_for(request.user, ServiceContract.objects.select_related("unit", "adviser", "engagement"), pk=pk)
    return _detail(request, contract)


@require_POST
@login_required
def contract_upload(request, pk: int):
    contract = get_for(
        request.user, ServiceContract.objects.select_related("unit", "adviser", "engagement"), CHANGE, pk=pk
    )
    form = SignedFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.contract_attach_file(
                actor=request.user, contract=contract, upload=form.cleaned_data["signed_file"]
            )
        except ValidationError as exc:
            form.add_error("signed_file", exc)
        else:
            messages.success(request, _("The signed contract was attached."))
            return redirect("contracts:detail", pk=contract.pk)
    return _detail(request, contract, form, status=400)


@require_GET
@login_required
def contract_file(request, pk: int):
    """The signed PDF, only for users who may see the contract; always a download."""
    contract = get_for(request.user, ServiceContract, pk=pk)
    if not contract.signed_file or not contract.signed_file.storage.exists(contract.signed_file.name):
        raise Http404
    record_event(actor=request.user, event="download_signed_contract", obj=contract)
    return attachment_response(contract.signed_file, f"{contract.number}.pdf")


@require_GET
@login_required
def finding_list(request):
    require(request.user, ContractFinding, VIEW)
    rule, q = request.GET.get("rule", ""), request.GET.get("q", "").strip()
    jurisdiction = jurisdiction_param(request)
    queryset = selectors.open_findings_for(request.user, rule=rule, search=q, jurisdiction=jurisdiction)
    return render(
        request,
        "contracts/finding_list.html",
        {
            "page": paginate(request, queryset),
            "rule": rule,
            "q": q,
            "rules": Rule.choices,
            "by_rule": selectors.open_findings_by_rule(request.user, jurisdiction=jurisdiction),
            "jurisdiction": jurisdiction,
        },
    )
