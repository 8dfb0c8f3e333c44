from accounts import policy
from accounts.policy import ADD, CHANGE, DELETE, EXPORT, VIEW, Policy

from .models import ContractFinding, ContractRuleSettings, ProcurementBand, ServiceContract

# Xlsx export (the admin) is for bureau staff and auditors.
policy.register(
    ServiceContract,
    Policy(
        unit_field="unit",
        adviser_field="adviser",
        bureau_actions=(VIEW, ADD, CHANGE, DELETE, EXPORT),
        auditor_actions=(VIEW, EXPORT),
    ),
)
policy.register(ContractFinding, Policy(unit_field="contract__unit", adviser_field="contract__adviser"))
# Rule settings belong to a jurisdiction: its bureau staff keep them, auditors read them. A county adds its
# own row to depart from its city's, and deletes it to use the city's again.
policy.register(
    ProcurementBand, Policy(unit_field=None, jurisdiction_field="jurisdiction", inherited=True, finance_actions=())
)
policy.register(
    ContractRuleSettings, Policy(unit_field=None, jurisdiction_field="jurisdiction", inherited=True, finance_actions=())
)
