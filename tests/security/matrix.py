"""THE permission matrix: what every URL answers to every role, for GET and for a POST with an empty body.

Two tables:

- `PAGES`: one line per URL pattern outside the model admins (portal, exports, PDFs, downloads, sign-in,
  two-factor and password pages, healthz, i18n, the admin site's own pages). The `object` column says how
  the URL is built; every object is unit A's (officer_a's own unit). officer_b is "another unit's officer".
  The jurisdiction pairs: city_b (another city's bureau) and county (a county under unit A's city: its
  bureau; c_fin its finance approver) are outside unit A's area (404 on its objects); province reads
  every city (200) and writes only its own level's rows (403 on unit A's).
- `ADMIN`: one line per model in the admin: what each admin role may do there. The rows for the model's
  URLs (changelist, add, change, delete, history, import/export) are derived from it (`admin_expectations`).

Outcomes: a status code, `login` (a redirect to a sign-in page), or several allowed ones joined by `/`.
A POST that a role must be refused (403, 404, 405, login, 400) must also change no row.

Adding a URL: add its lines to `PAGES` with `?` outcomes and run
`MATRIX_PRINT=1 pytest tests/security/test_permission_matrix.py -s`: it prints what every role got, as lines
to paste. Check each outcome against PRODUCT.md's rules before pasting: a 200 for a role that must be
refused is a bug to fix, not a line to paste.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.admin_base import ScopedAdminMixin
from tests.world import JURISDICTION_ROLES, ROLES

REFUSALS = {"403", "404", "405", "login", "400"}

# Markers of records a role must not see, on any page shown to it: unit B's for officer_a and unit A's
# adviser; both units' (city A's) for another city's bureau and for a county's bureau and finance approver.
UNIT_B_MARKERS = ("贺振华", "HT-MATRIX-B")
CITY_A_MARKERS = ("唐立新", "HT-MATRIX-A", *UNIT_B_MARKERS)
LEAK_MARKERS = {
    "officer_a": UNIT_B_MARKERS,
    "adviser": UNIT_B_MARKERS,
    "applicant": CITY_A_MARKERS,
    "evaluator": CITY_A_MARKERS,
    "city_b_bureau": CITY_A_MARKERS,
    "county_bureau": CITY_A_MARKERS,
    "county_finance": CITY_A_MARKERS,
}
# Pages that show unit B's names on purpose, with the reason.
LEAK_ALLOWED = {
    ("advisers:round", "officer_a"): "the candidate list offers the city's whole adviser pool, by name only",
    ("advisers:round_candidate_choices", "officer_a"): "the same pool, searched by name (names only)",
}

# object column: "-" no argument; a kind of unit A's records (tests/world.py) for its pk (unit A's own round has a
# public notice, and the world's applicant a submitted application to it; the evaluator is on no panel);
# "uid,token" for an account confirmation link;
# "engagement,year" / "year" for the yearly edit pages; "report" for a PDF export; "contenttype,pk" and
# "app" for the admin's view-on-site and app index.
PAGES = """
# pattern                            object            method anonymous bureau officer_a officer_b finance auditor adviser applicant evaluator sysadmin secadmin auditadmin city_b county c_fin province
healthz                              -                 GET    200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
healthz                              -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
set_language                         -                 GET    302   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
set_language                         -                 POST   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
login                                -                 GET    200   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
login                                -                 POST   200   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
logout                               -                 GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
logout                               -                 POST   login login login login login login login login login login login login login login login login
two_factor_verify                    -                 GET    login 302   200   302   302   302   302   302   302   302   302   302   302   302   302   302
two_factor_verify                    -                 POST   login 302   200   302   302   302   302   302   302   302   302   302   302   302   302   302
two_factor_setup                     -                 GET    login 302   302   200   200   200   200   200   200   302   302   302   302   302   200   302
two_factor_setup                     -                 POST   login 302   302   200   200   200   200   200   200   302   302   302   302   302   200   302
password_change                      -                 GET    login 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
password_change                      -                 POST   login 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
password_change_done                 -                 GET    login 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
password_change_done                 -                 POST   login 405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:list                        -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
advisers:list                        -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:detail                      adviser           GET    login 200   200   404   200   200   200   404   404   404   404   404   404   404   404   200
advisers:detail                      adviser           POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:engagements                 -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
advisers:engagements                 -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:engagement                  engagement        GET    login 200   200   404   200   200   200   404   404   404   404   404   404   404   404   200
advisers:engagement                  engagement        POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:opinions                    -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
advisers:opinions                    -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:opinion_create              -                 GET    login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:opinion_create              -                 POST   login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:opinion_edit                opinion           GET    login 200   200   404   403   403   403   404   404   404   404   404   404   404   404   403
advisers:opinion_edit                opinion           POST   login 200   200   404   403   403   403   404   404   404   404   404   404   404   404   403
advisers:lectures                    -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
advisers:lectures                    -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:proposals                   -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
advisers:proposals                   -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:opinion_propose             -                 GET    login 403   403   403   403   403   200   403   403   403   403   403   403   403   403   403
advisers:opinion_propose             -                 POST   login 403   403   403   403   403   200   403   403   403   403   403   403   403   403   403
advisers:lecture_propose             -                 GET    login 403   403   403   403   403   200   403   403   403   403   403   403   403   403   403
advisers:lecture_propose             -                 POST   login 403   403   403   403   403   200   403   403   403   403   403   403   403   403   403
advisers:opinion_decide              opinion           GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:opinion_decide              opinion           POST   login 400   400   404   403   403   403   404   404   404   404   404   404   404   404   403
advisers:lecture_decide              lecture           GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:lecture_decide              lecture           POST   login 400   400   404   403   403   403   404   404   404   404   404   404   404   404   403
advisers:lecture_create              -                 GET    login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:lecture_create              -                 POST   login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:lecture_edit                lecture           GET    login 200   200   404   403   403   403   404   404   404   404   404   404   404   404   403
advisers:lecture_edit                lecture           POST   login 200   200   404   403   403   403   404   404   404   404   404   404   404   404   403
advisers:meetings                    -                 GET    login 200   403   403   200   200   403   403   403   403   403   403   200   200   200   200
advisers:meetings                    -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:rounds                      -                 GET    login 200   200   200   403   200   403   403   403   403   403   403   200   200   403   200
advisers:rounds                      -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:round_create                -                 GET    login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:round_create                -                 POST   login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:round                       round             GET    login 200   200   404   404   200   404   404   404   404   404   404   404   404   404   200
advisers:round                       round             POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:round_add_candidate         round             GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:round_add_candidate         round             POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
advisers:round_candidate_choices     round             GET    login 200   200   404   404   403   404   404   404   404   404   404   404   404   404   403
advisers:round_candidate_choices     round             POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:round_decide                round             GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:round_decide                round             POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
advisers:statistics                  -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
advisers:statistics                  -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:unit_statistics             -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
advisers:unit_statistics             -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:disputes                    -                 GET    login 200   200   200   403   200   403   403   403   403   403   403   200   200   403   200
advisers:disputes                    -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:dispute_create              -                 GET    login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:dispute_create              -                 POST   login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
advisers:dispute_edit                dispute           GET    login 200   200   404   404   403   404   404   404   404   404   404   404   404   404   403
advisers:dispute_edit                dispute           POST   login 200   200   404   404   403   404   404   404   404   404   404   404   404   404   403
advisers:conflicts                   -                 GET    login 200   200   200   403   200   403   403   403   403   403   403   200   200   403   200
advisers:conflicts                   -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:conflict                    conflict          GET    login 200   200   404   404   200   404   404   404   404   404   404   404   404   404   200
advisers:conflict                    conflict          POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:conflict_decide             conflict          GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
advisers:conflict_decide             conflict          POST   login 400   403   404   404   403   404   404   404   404   404   404   404   404   404   403
contracts:list                       -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
contracts:list                       -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
contracts:findings                   -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
contracts:findings                   -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
contracts:detail                     contract          GET    login 200   200   404   200   200   200   404   404   404   404   404   404   404   404   200
contracts:detail                     contract          POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
contracts:upload                     contract          GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
contracts:upload                     contract          POST   login 400   403   404   403   403   403   404   404   404   404   404   404   404   404   403
contracts:file                       contract          GET    login 200   200   404   200   200   200   404   404   404   404   404   404   404   404   200
contracts:file                       contract          POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:requests                     -                 GET    login 200   200   200   200   200   403   403   403   403   403   403   200   200   200   200
budgets:requests                     -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:request_create               -                 GET    login 403   200   200   403   403   403   403   403   403   403   403   403   403   403   403
budgets:request_create               -                 POST   login 403   200   200   403   403   403   403   403   403   403   403   403   403   403   403
budgets:request_detail               budget            GET    login 200   200   404   200   200   404   404   404   404   404   404   404   404   404   200
budgets:request_detail               budget            POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:request_edit                 budget            GET    login 403   200   404   403   403   404   404   404   404   404   404   404   404   404   403
budgets:request_edit                 budget            POST   login 403   200   404   403   403   404   404   404   404   404   404   404   404   404   403
budgets:request_submit               budget            GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:request_submit               budget            POST   login 403   302   404   403   403   404   404   404   404   404   404   404   404   404   403
budgets:request_review               budget            GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:request_review               budget            POST   login 302   403   404   403   403   404   404   404   404   404   404   404   404   404   403
budgets:request_approve              budget            GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:request_approve              budget            POST   login 403   403   404   302   403   404   404   404   404   404   404   404   404   404   403
budgets:request_return               budget            GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:request_return               budget            POST   login 302   403   404   302   403   404   404   404   404   404   404   404   404   404   403
budgets:review_queue                 -                 GET    login 200   403   403   403   403   403   403   403   403   403   403   200   200   403   200
budgets:review_queue                 -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:approval_queue               -                 GET    login 403   403   403   200   403   403   403   403   403   403   403   403   403   200   403
budgets:approval_queue               -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:approval_queue_export        -                 GET    login 403   403   403   200   403   403   403   403   403   403   403   403   403   200   403
budgets:approval_queue_export        -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:statistics                   -                 GET    login 200   200   200   200   200   403   403   403   403   403   403   200   200   200   200
budgets:statistics                   -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:settlements                  -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
budgets:settlements                  -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:settlement_prepare           -                 GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:settlement_prepare           -                 POST   login 302   302   302   403   403   403   403   403   403   403   403   302   302   403   302
budgets:settlement_engagement_choices -                 GET    login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
budgets:settlement_engagement_choices -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:settlement_confirm           settlement        GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
budgets:settlement_confirm           settlement        POST   login 403   403   404   302   403   403   404   404   404   404   404   404   404   404   403
reviews:overview                     -                 GET    login 200   403   403   403   200   403   403   403   403   403   403   200   200   403   200
reviews:overview                     -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:duty_reports                 -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
reviews:duty_reports                 -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:duty_report_edit             engagement,year   GET    login 200   200   404   403   403   200   404   404   404   404   404   404   404   404   403
reviews:duty_report_edit             engagement,year   POST   login 200   200   404   403   403   200   404   404   404   404   404   404   404   404   403
reviews:duty_report_detail           duty_report       GET    login 200   200   404   200   200   200   404   404   404   404   404   404   404   404   200
reviews:duty_report_detail           duty_report       POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:duty_report_submit           duty_report       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:duty_report_submit           duty_report       POST   login 302   302   404   403   403   302   404   404   404   404   404   404   404   404   403
reviews:duty_report_return           duty_report       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:duty_report_return           duty_report       POST   login 400   400   404   403   403   403   404   404   404   404   404   404   404   404   403
reviews:duty_report_attach           duty_report       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:duty_report_attach           duty_report       POST   login 400   400   404   403   403   400   404   404   404   404   404   404   404   404   403
reviews:attachment_download          attachment        GET    login 200   200   404   200   200   200   404   404   404   404   404   404   404   404   200
reviews:attachment_download          attachment        POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:assessments                  -                 GET    login 200   200   200   200   200   200   403   403   403   403   403   200   200   200   200
reviews:assessments                  -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:assessment_edit              engagement,year   GET    login 200   200   404   403   403   403   404   404   404   404   404   404   404   404   403
reviews:assessment_edit              engagement,year   POST   login 200   200   404   403   403   403   404   404   404   404   404   404   404   404   403
reviews:assessment_detail            assessment        GET    login 200   200   404   200   200   404   404   404   404   404   404   404   404   404   200
reviews:assessment_detail            assessment        POST   login 400   400   404   403   403   404   404   404   404   404   404   404   404   404   403
reviews:work_reports                 -                 GET    login 200   200   200   200   200   403   403   403   403   403   403   200   200   200   200
reviews:work_reports                 -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:work_report_edit             year              GET    login 403   302   302   403   403   403   403   403   403   403   403   403   403   403   403
reviews:work_report_edit             year              POST   login 403   302   302   403   403   403   403   403   403   403   403   403   403   403   403
reviews:work_report_detail           work_report       GET    login 200   200   404   200   200   404   404   404   404   404   404   404   404   404   200
reviews:work_report_detail           work_report       POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:work_report_submit           work_report       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:work_report_submit           work_report       POST   login 403   400   404   403   403   404   404   404   404   404   404   404   404   404   403
reviews:work_report_review           work_report       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:work_report_review           work_report       POST   login 400   403   404   403   403   404   404   404   404   404   404   404   404   404   403
reviews:inspections                  -                 GET    login 200   200   200   200   200   403   403   403   403   403   403   200   200   200   200
reviews:inspections                  -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:inspection_detail            inspection        GET    login 200   200   404   200   200   404   404   404   404   404   404   404   404   404   200
reviews:inspection_detail            inspection        POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:inspection_letter            inspection        GET    login 200   403   404   403   403   404   404   404   404   404   404   404   404   404   403
reviews:inspection_letter            inspection        POST   login 200   403   404   403   403   404   404   404   404   404   404   404   404   404   403
reviews:rectifications               -                 GET    login 200   200   200   200   200   403   403   403   403   403   403   200   200   200   200
reviews:rectifications               -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:rectification_answer         rectification     GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:rectification_answer         rectification     POST   login 403   400   404   403   403   404   404   404   404   404   404   404   404   404   403
reviews:rectification_close          rectification     GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reviews:rectification_close          rectification     POST   login 302   403   404   403   403   404   404   404   404   404   404   404   404   404   403
reports:index                        -                 GET    login 200   200   200   200   200   403   403   403   403   403   403   200   200   200   200
reports:index                        -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reports:dashboard                    -                 GET    login 200   404   404   404   200   404   404   404   404   404   404   200   200   404   200
reports:dashboard                    -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reports:export                       report            GET    login 404   404   404   404   404   404   404   404   404   404   404   404   404   404   404
reports:export                       report            POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reports:job                          job               GET    login 404   200   404   404   404   404   404   404   404   404   404   404   404   404   404
reports:job                          job               POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reports:job_status                   job               GET    login 404   200   404   404   404   404   404   404   404   404   404   404   404   404   404
reports:job_status                   job               POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reports:job_download                 job               GET    login 404   200   404   404   404   404   404   404   404   404   404   404   404   404   404
reports:job_download                 job               POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reports:job_retry                    job               GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
reports:job_retry                    job               POST   login 404   403   404   404   404   404   404   404   404   404   404   404   404   404   404
portal:home                          -                 GET    login 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
portal:home                          -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
portal:notices                       -                 GET    login 200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
portal:notices                       -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
portal:notice_read                   notice            GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
portal:notice_read                   notice            POST   login 404   302   404   404   404   404   404   404   404   404   404   404   404   404   404
portal:notices_read_all              -                 GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
portal:notices_read_all              -                 POST   login 302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
admin:index                          -                 GET    login 200   200   200   login 200   login login login 200   200   200   200   200   login 200
admin:index                          -                 POST   login 200   200   200   login 200   login login login 200   200   200   200   200   login 200
admin:login                          -                 GET    200   302   302   302   200   302   200   200   200   302   302   302   302   302   200   302
admin:login                          -                 POST   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
admin:logout                         -                 GET    302   405   405   405   302   405   302   302   302   405   405   405   405   405   302   405
admin:logout                         -                 POST   302   login login login 302   login 302   302   302   login login login login login 302   login
admin:password_change                -                 GET    login 200   200   200   login 200   login login login 200   200   200   200   200   login 200
admin:password_change                -                 POST   login 200   200   200   login 200   login login login 200   200   200   200   200   login 200
admin:password_change_done           -                 GET    login 200   200   200   login 200   login login login 200   200   200   200   200   login 200
admin:password_change_done           -                 POST   login 405   405   405   login 405   login login login 405   405   405   405   405   login 405
admin:autocomplete                   -                 GET    login 403   403   403   login 403   login login login 403   403   403   403   403   login 403
admin:autocomplete                   -                 POST   login 405   405   405   login 405   login login login 405   405   405   405   405   login 405
# selection: the public pages, the applicant's, the bureau's (withdraw last: it changes the application)
selection:public_list                -                 GET    200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
selection:public_list                -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:public_notice              selection_notice  GET    200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
selection:public_notice              selection_notice  POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:register                   -                 GET    200   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
selection:register                   -                 POST   400   302   302   302   302   302   302   302   302   302   302   302   302   302   302   302
selection:confirm                    uid,token         GET    200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
selection:confirm                    uid,token         POST   400   400   400   400   400   400   400   400   400   400   400   400   400   400   400   400
selection:mine                       -                 GET    login 403   403   403   403   403   403   200   403   403   403   403   403   403   403   403
selection:mine                       -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:apply                      selection_notice  GET    login 403   403   403   403   403   403   302   403   403   403   403   403   403   403   403
selection:apply                      selection_notice  POST   login 403   403   403   403   403   403   302   403   403   403   403   403   403   403   403
selection:application                application       GET    login 200   200   404   404   404   404   200   404   404   404   404   404   404   404   404
selection:application                application       POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:application_edit           application       GET    login 403   403   404   404   404   404   302   404   404   404   404   404   404   404   404
selection:application_edit           application       POST   login 403   403   404   404   404   404   302   404   404   404   404   404   404   404   404
selection:document_upload            application       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:document_upload            application       POST   login 403   403   404   404   404   404   400   404   404   404   404   404   404   404   404
selection:conflict_add               application       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:conflict_add               application       POST   login 403   403   404   404   404   404   400   404   404   404   404   404   404   404   404
selection:submit                     application       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:submit                     application       POST   login 403   403   404   404   404   404   400   404   404   404   404   404   404   404   404
selection:document                   application_document GET    login 200   200   404   404   404   404   200   404   404   404   404   404   404   404   404
selection:document                   application_document POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:document_delete            application_document GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:document_delete            application_document POST   login 403   403   404   404   404   404   302   404   404   404   404   404   404   404   404
selection:conflict_delete            conflict_declaration GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:conflict_delete            conflict_declaration POST   login 403   403   404   404   404   404   302   404   404   404   404   404   404   404   404
selection:manage                     -                 GET    login 200   200   200   403   200   403   403   403   403   403   403   200   200   403   200
selection:manage                     -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:notice_create              -                 GET    login 200   200   200   403   403   403   403   403   403   403   403   200   200   403   200
selection:notice_create              -                 POST   login 400   400   400   403   403   403   403   403   403   403   403   400   400   403   400
selection:notice_applications        selection_notice  GET    login 200   200   404   404   403   404   404   404   404   404   404   404   404   404   200
selection:notice_applications        selection_notice  POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:notice_edit                selection_notice  GET    login 200   200   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:notice_edit                selection_notice  POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:notice_publish             selection_notice  GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:notice_publish             selection_notice  POST   login 302   302   404   404   403   404   404   404   404   404   404   404   404   404   403
# selection/panel: review, the panel, 公示 and the appointment (tests/world.py `_panel_records`)
selection:review                     application       GET    login 200   200   404   404   404   404   403   404   404   404   404   404   404   404   404
selection:review                     application       POST   login 400   400   404   404   404   404   403   404   404   404   404   404   404   404   404
selection:panel_manage               selection_notice  GET    login 200   200   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:panel_manage               selection_notice  POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:panel_settings             selection_notice  GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:panel_settings             selection_notice  POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:panel_member_add           selection_notice  GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:panel_member_add           selection_notice  POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:criterion_add              selection_notice  GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:criterion_add              selection_notice  POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:publicity_publish          selection_notice  GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:publicity_publish          selection_notice  POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:appoint                    selection_notice  GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:appoint                    selection_notice  POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:objection_answer           objection         GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:objection_answer           objection         POST   login 400   400   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:letter                     appointment_letter GET    login 200   200   404   404   200   404   404   404   404   404   404   404   404   404   200
selection:letter                     appointment_letter POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:my_panels                  -                 GET    login 200   403   403   403   403   403   403   200   403   403   403   200   200   403   200
selection:my_panels                  -                 POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:scoring                    panel             GET    login 403   403   404   404   403   404   404   200   404   404   404   404   404   404   403
selection:scoring                    panel             POST   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:sheet                      panel_application GET    login 403   403   404   404   404   404   404   200   404   404   404   404   404   404   404
selection:sheet                      panel_application POST   login 403   403   404   404   404   404   404   400   404   404   404   404   404   404   404
selection:publicity                  decided_notice    GET    200   200   200   200   200   200   200   200   200   200   200   200   200   200   200   200
selection:publicity                  decided_notice    POST   400   400   400   400   400   400   400   400   400   400   400   400   400   400   400   400
selection:notice_close               selection_notice  GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:notice_close               selection_notice  POST   login 302   302   404   404   403   404   404   404   404   404   404   404   404   404   403
selection:withdraw                   application       GET    405   405   405   405   405   405   405   405   405   405   405   405   405   405   405   405
selection:withdraw                   application       POST   login 403   403   404   404   404   404   302   404   404   404   404   404   404   404   404
admin:jsi18n                         -                 GET    login 200   200   200   login 200   login login login 200   200   200   200   200   login 200
admin:jsi18n                         -                 POST   login 405   405   405   login 405   login login login 405   405   405   405   405   login 405
admin:view_on_site                   contenttype,pk    GET    login 404   404   404   login 404   login login login 404   404   404   404   404   login 404
admin:view_on_site                   contenttype,pk    POST   login 404   404   404   login 404   login login login 404   404   404   404   404   login 404
admin:auth_user_password_change      accounts.user     GET    login 403   403   403   login 403   login login login 200   403   403   403   403   login 403
admin:auth_user_password_change      accounts.user     POST   login 403   403   403   login 403   login login login 200   403   403   403   403   login 403
admin:app_list                       app               GET    login 200   200   200   login 200   login login login 404   404   404   200   200   login 200
admin:app_list                       app               POST   login 200   200   200   login 200   login login login 404   404   404   200   200   login 200
admin/(?P<url>.*)$                   path              GET    login 404   404   404   login 404   login login login 404   404   404   404   404   login 404
admin/(?P<url>.*)$                   path              POST   login 404   404   404   login 404   login login login 404   404   404   404   404   login 404
"""

# What each admin role may do with a model in the admin: v view, a add, c change, d delete, i import (xlsx),
# x export (xlsx); "-" nothing; "~" before the letters: unit A's object is outside the rows they see (404).
# officer is officer_a on unit A's object; `scope` says whether another unit's officer (officer_b) reaches
# that object too ("all") or gets a 404 ("unit").
# finance, adviser and anonymous never reach the admin (a redirect to its sign-in page).
# Unit A's city sits under a province: rows of no unit (installation-wide) are written only by the top
# jurisdiction's staff (the province column), read by every bureau. The reference rows here are city A's
# own (its meetings, settings, thresholds, standards, campaign; the 2025 scheme is the province's): its
# bureau keeps them, a county below reads the settings it inherits, another city sees none, and the province
# reads them and adds its own. The jurisdiction pairs (cityb, county,
# province; county_finance is finance) are tried on the change page and the changelist (JURISDICTION_PAGES).
ADMIN = """
# model                              scope bureau     officer    auditor    sysadmin   secadmin   auditadmin cityb      county     province
# accounts: units and accounts under separation of duties; notices are their recipient's alone
accounts.unit                        unit  vacdix     v          vx         -          -          -          ~v         ~v         v
# jurisdictions come with their governments; their staff set the letterhead (accounts/policies.py)
accounts.jurisdiction                all   vc         -          v          -          -          -          ~v         ~v         v
accounts.user                        unit  v          v          v          vac        vc         -          ~v         ~v         v
accounts.notice                      unit  ~v         v          ~v         ~v         ~v         ~v         ~v         ~v         ~v
auditlog.logentry                    all   v          -          v          -          -          v          ~v         ~v         v
otp_totp.totpdevice                  all   -          -          -          -          vd         -          -          -          -
axes.accessattempt                   all   -          -          -          -          vd         -          -          -          -
# Django's own permissions (superusers only)
auth.group                           all   -          -          -          -          -          -          -          -          -
# the reminder and expiry schedule (Celery beat): the top jurisdiction's bureau keeps it, auditors read it
django_celery_beat.periodictask      all   v          -          v          -          -          -          v          v          vac
django_celery_beat.clockedschedule   all   v          -          v          -          -          -          v          v          vac
django_celery_beat.crontabschedule   all   v          -          v          -          -          -          v          v          vac
django_celery_beat.solarschedule     all   v          -          v          -          -          -          v          v          vac
django_celery_beat.intervalschedule  all   v          -          v          -          -          -          v          v          vac
# advisers
advisers.adviser                     unit  vacdix     v          vx         -          -          -          ~v         ~v         v
advisers.engagement                  unit  vacd       v          v          -          -          -          ~v         ~v         v
advisers.legalopinion                unit  vacd       vac        v          -          -          -          ~v         ~v         v
advisers.lecture                     unit  vacd       vac        v          -          -          -          ~v         ~v         v
advisers.executivemeeting            all   vacd       -          v          -          -          -          ~v         ~v         va
advisers.inspectionparticipation     unit  vacd       -          v          -          -          -          ~v         ~v         v
advisers.reselectionround            unit  vacd       vac        v          -          -          -          ~v         ~v         v
advisers.advisersettings             all   vacd       -          v          -          -          -          ~v         v          va
# conflict review: each unit keeps its register; findings are raised by the check and decided in the portal
advisers.dispute                     unit  vacd       vac        v          -          -          -          ~v         ~v         v
advisers.conflictfinding             unit  v          v          v          -          -          -          ~v         ~v         v
# contracts: findings are computed, never typed in
contracts.servicecontract            unit  vacdix     v          vx         -          -          -          ~v         ~v         v
contracts.contractfinding            unit  v          v          v          -          -          -          ~v         ~v         v
contracts.procurementband            all   vacd       -          v          -          -          -          ~v         v          va
contracts.contractrulesettings       all   vacd       -          v          -          -          -          ~v         v          va
# budgets: requests and settlements change only through their portal workflow; every user reads the fee tables
budgets.feestandard                  all   vacd       v          v          v          v          v          v          v          va
budgets.gradecoefficient             all   vacd       v          v          v          v          v          v          v          va
budgets.budgetrequest                unit  v          v          v          -          -          -          ~v         ~v         v
budgets.settlement                   unit  v          v          v          -          -          -          ~v         ~v         v
# reviews: scores, reports and decisions are written only in the portal (the admin reads them)
reviews.assessmentscheme             all   va         v          v          v          v          v          v          v          vacd
reviews.vetoitem                     all   v          v          v          v          v          v          v          v          vacd
reviews.assessment                   unit  v          v          v          -          -          -          ~v         ~v         v
reviews.dutyreport                   unit  v          v          v          -          -          -          ~v         ~v         v
reviews.unitworkreport               unit  v          v          v          -          -          -          ~v         ~v         v
reviews.inspectioncampaign           all   vacd       -          v          -          -          -          ~v         ~v         va
reviews.unitinspection               unit  vacd       v          v          -          -          -          ~v         ~v         v
reviews.rectificationitem            unit  vacd       vc         v          -          -          -          ~v         ~v         v
reviews.reminderlog                  all   v          -          v          -          -          -          v          v          v
"""


@dataclass(frozen=True)
class Expectation:
    pattern: str
    obj: str
    method: str
    outcomes: dict  # role -> set of allowed outcomes


def _parse_outcome(cell: str) -> frozenset[str]:
    return frozenset(cell.split("/"))


def parse_pages(text: str = PAGES) -> list[Expectation]:
    rows = []
    for line in text.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, obj, method, *cells = line.split()
        assert len(cells) == len(ROLES), f"{pattern} {method}: {len(cells)} outcomes for {len(ROLES)} roles"
        rows.append(
            Expectation(pattern, obj, method, {r: _parse_outcome(c) for r, c in zip(ROLES, cells, strict=False)})
        )
    return rows


def parse_admin(text: str = ADMIN) -> dict[str, dict]:
    table = {}
    for line in text.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        label, scope, *cells = line.split()
        roles = ADMIN_COLUMNS
        assert len(cells) == len(roles), f"{label}: {len(cells)} cells for {len(roles)} roles"
        assert scope in ("unit", "all"), f"{label}: scope must be unit or all"
        table[label] = {"scope": scope}
        for role, cell in zip(roles, cells, strict=False):
            # "~v": may view the model's rows, but unit A's object is not among those they see.
            table[label][role] = (set(cell.strip("~-")), not cell.startswith("~") and cell != "-")
    return table


# -- The URL configuration ------------------------------------------------------------------------


def pattern_key(name: str | None, route: str) -> str:
    return name or route


def all_patterns(resolver=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(key, route) of every URL pattern: its namespaced name, or its route where it has no name."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            found += all_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append((pattern_key(name, prefix + str(entry.pattern)), prefix + str(entry.pattern)))
    return found


# -- Admin rows derived from ADMIN ----------------------------------------------------------------

ADMIN_COLUMNS = ["bureau", "officer", "auditor", "sysadmin", "secadmin", "auditadmin", "cityb", "county", "province"]
ADMIN_ROLES = {
    "bureau": "bureau",
    "officer_a": "officer",
    "officer_b": "officer",
    "auditor": "auditor",
    "sysadmin": "sysadmin",
    "secadmin": "secadmin",
    "auditadmin": "auditadmin",
    "city_b_bureau": "cityb",
    "county_bureau": "county",
    "province": "province",
}
# The jurisdiction pairs try the pages that load unit A's object and the list that must not show it; the
# other pages of a model admin ask the same policy questions as for the bureau column (and keep the run short).
JURISDICTION_PAGES = {"change", "changelist"}
# Which action each model-admin page needs, by the suffix of its URL name.
PAGE_ACTIONS = {
    "changelist": "v",
    "add": "a",
    "history": "v",
    "delete": "d",
    "change": "v",
    "import": "i",
    "process_import": "i",
    "export": "x",
}
OBJECT_PAGES = {"history", "delete", "change"}


def model_admin_pages(model_admin) -> list[tuple[str, str, str]]:
    """(key, kind, route) of a model admin's own URLs; kind is the URL name's suffix, "redirect" if unnamed."""
    info = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    route_prefix = f"admin/{model_admin.opts.app_label}/{model_admin.opts.model_name}/"
    pages = []
    for entry in model_admin.urls:
        route = route_prefix + str(entry.pattern)
        if entry.name is None:
            pages.append((route, "redirect", route))
        elif entry.name.startswith(info):
            pages.append((f"admin:{entry.name}", entry.name[len(info) :], route))
    return pages


def _admin_outcome(kind: str, method: str, actions: set[str], sees_object: bool, scoped: bool) -> frozenset[str]:
    if kind == "redirect":  # admin/<model>/<id>/ forwards to the change page for whoever may use the admin
        return frozenset({"302"})
    if kind in OBJECT_PAGES and not sees_object:
        # Scoped admins load the object through the policy first: out of scope is a 404, as in the portal.
        return frozenset({"404" if scoped else "403"})
    if kind == "process_import" and method == "GET":
        return frozenset({"405"} if "i" in actions else {"403", "405"})
    needed = PAGE_ACTIONS[kind]
    allowed = bool(actions & {"v", "c"}) if kind in ("change", "history") else needed in actions
    if not allowed:
        return frozenset({"403"})
    if method == "GET":
        return frozenset({"200"})
    if kind == "change":
        # An empty POST: the form's errors (200), or a save where every field may be empty (302); viewers 403.
        return frozenset({"200", "302"} if "c" in actions else {"403"})
    if kind == "add":
        return frozenset({"200", "302"})
    return frozenset({"200"})


def admin_expectations(table: dict | None = None) -> list[tuple[Expectation, str, type]]:
    """(expectation, page kind, model) for every page of every registered model admin."""
    table = parse_admin() if table is None else table
    rows = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label not in table:
            continue  # reported by the coverage test
        policy = table[label]
        scoped = isinstance(model_admin, ScopedAdminMixin)
        for key, kind, _route in model_admin_pages(model_admin):
            for method in ("GET", "POST"):
                outcomes = {}
                for role in ROLES:
                    if role in JURISDICTION_ROLES and kind not in JURISDICTION_PAGES:
                        continue  # not tried
                    if role not in ADMIN_ROLES:
                        outcomes[role] = frozenset({"login"})
                        continue
                    actions, sees = policy[ADMIN_ROLES[role]]
                    sees = sees and not (role == "officer_b" and policy["scope"] == "unit")
                    outcomes[role] = _admin_outcome(kind, method, actions, sees, scoped)
                rows.append((Expectation(key, "admin", method, outcomes), kind, model))
    return rows


# unit A's assessment is a draft: its adviser reads an assessment only once completed (reviews.policies).
def covered_keys() -> set[str]:
    keys = {row.pattern for row in parse_pages()}
    table = parse_admin()
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in table:
            keys |= {key for key, _kind, _route in model_admin_pages(model_admin)}
    return keys
