from accounts import policy
from accounts.policy import Policy

from .models import ServiceContract

policy.register(ServiceContract, Policy(unit_field="unit", adviser_field="adviser"))
