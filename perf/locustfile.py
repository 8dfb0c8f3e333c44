"""Locust users for `make loadtest`: each role browses the pages it can reach, with its own session.

The plan (sessions and URLs per role) is prepared by `manage.py loadtest` and passed in LOADTEST_PLAN,
so that no simulated user logs in through the form (no OTP, no lockout in the way).
"""

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115
COOKIE = PLAN["cookie_name"]
# How often each role appears among the simulated users: unit officers are the many.
WEIGHTS = {"officer": 20, "bureau": 10, "auditor": 8, "finance": 6, "adviser": 6}


class RoleUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self):
        account = random.choice(PLAN["roles"][self.role])
        self.session_key = account["session"]
        self.urls = account["urls"]

    @task
    def browse(self):
        name, url = random.choice(self.urls)
        headers = {"Cookie": f"{COOKIE}={self.session_key}"}
        with self.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as response:
            # Every page in the plan answered 200 for this account: a redirect (to the login or the
            # TOTP step) or a refusal is an error too.
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


def _user_class(role: str):
    return type(f"{role.title()}User", (RoleUser,), {"role": role, "weight": WEIGHTS.get(role, 5)})


for _role in PLAN["roles"]:
    globals()[f"{_role.title()}User"] = _user_class(_role)
