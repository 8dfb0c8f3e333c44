from accounts import policy
from accounts.policy import VIEW, Policy

from .models import ContractFinding, ContractRuleSettings, ProcurementBand, ServiceContract

policy.register(ServiceContract, Policy(unit_field="unit", adviser_field="adviser"))
policy.register(ContractFinding, Policy(unit_field="contract__unit", adviser_field="contract__adviser"))
# Rule settings are the bureau's: read by auditors, edited (never added or deleted) by bureau staff.
policy.register(ProcurementBand, Policy(unit_field=None, finance_actions=()))
policy.register(ContractRuleSettings, Policy(unit_field=None, bureau_actions=(VIEW, "change"), finance_actions=()))
