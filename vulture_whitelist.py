"""Names vulture cannot see used (`make lint`; the rules by name are in pyproject's [tool.vulture]).

Each is read by Django, a template, a library or a tool through a string or a hook, never by a Python
name. Add a name here only with the place that reads it; code nothing reads is deleted instead.
"""

_ = object()

# Named by dotted path in zhuzhou_legal/settings (INSTALLED_APPS, MIDDLEWARE, AUTH_PASSWORD_VALIDATORS,
# AUTHENTICATION_BACKENDS, TEMPLATES' context processors, AXES_LOCKOUT_CALLABLE).
_.AccountsConfig
_.AuditConfig
_.FiguresConfig
_.OperationsConfig
_.UiConfig
_.AdvisersConfig
_.BudgetsConfig
_.ContractsConfig
_.ReviewsConfig
_.ReportsConfig
_.SelectionConfig
_.PerfConfig
_.LegalAdminSite
_.LegalAdminConfig
_.ScopedModelBackend
_.ContentSecurityPolicyMiddleware
_.TwoFactorRequiredMiddleware
_.ResolvedUserMiddleware
_.RefusedAccessAuditMiddleware
_.TrustedAuditlogMiddleware
_.IdleTimeoutMiddleware
_.MinimumLengthValidator
_.CharacterClassesValidator
_.NotUsernameValidator
_.PasswordHistoryValidator
_.GuessableValidator
_.navigation
_.server_error  # handler500 in zhuzhou_legal/urls.py
_.lockout_response
_.original_response  # django-axes passes it by keyword
_.every_model_has_a_policy  # a system check, registered by django.core.checks.register()

# Used by migrations (excluded from the run): operations/postgres.py's operation and its hooks.
_.PostgresOnly
_.reversible
_.state_forwards

# Translations for other packages' strings, collected by makemessages.
_.AUDITLOG

# Model fields and choices: columns the ORM, forms, admin and templates read by name.
_.WORKLOAD
_.answered_at
_.answered_by
_.approved_by
_.archives
_.assessments_completed
_.attendees
_.audience
_.clause_assessment
_.clause_confidentiality
_.clause_conflict
_.clause_fees
_.clause_liability
_.clause_scope
_.clause_term
_.clause_termination
_.closed_at
_.completed_at
_.completed_by
_.confirmed_at
_.confirmed_by
_.contract_amount
_.created_by
_.decided_at
_.decided_by
_.detected_at
_.duty_reports_submitted
_.emailed_at
_.ended_on
_.finished_at
_.inspected_on
_.lectures_given
_.letter_date
_.letter_no
_.meetings_attended
_.new_engagement
_.opinions_adopted
_.opinions_given
_.opinions_not_adopted
_.performance
_.prepared_by
_.proposed_by
_.procedure
_.procurement_ref
_.read_at
_.resolved_at
_.returned_at
_.returned_by
_.risk_warning
_.self_total
_.settled_on
_.speaker
_.text_quality
_.to_status
_.updated_at
_.uploaded_at
_.uploaded_by
_.vetoed
_.adding  # Model._state.adding, read by Django's save

# Form fields read from cleaned_data by name or only rendered (a confirmation box).
_.selected
_.confirm

# Read by templates: figures rows, chart geometry, labels set on rows for the PDF specs.
_.grade_label
_.not_adopted
_.n_meeting_opinions
_.n_adopted
_.n_not_adopted
_.get_category_display
_.height
_.fill
_.label_x
_.label_y
_.href
_.axis_x
_.axis_top
_.axis_bottom
_.font_size
_.report_label
_.decision_label
_.dimension_label

# openpyxl cell styles (budgets/exports.py) and cell and sheet attributes openpyxl writes out
# (ui/spreadsheets.py).
_.font
_.number_format
_.data_type
_.quotePrefix
_.freeze_panes

# django-import-export calls the format's export_data (ui/spreadsheets.py's SafeXLSX).
_.export_data

# Registered with Django's system checks by @register (accounts/checks.py).
_.audit_chain_hash_available

# perf/: the bench result's detail column, Locust's hooks, the perf tests' small dataset.
_.detail
_.wait_time
_.on_start
_.browse
_.small_scale

# Read by Django and the templates: the admin greeting (get_short_name), the admin site's app list
# (get_app_list), import-export's export form (_get_field_label, export_form_class), the settlement list
# (grade_reason, get_term_state_display), and the catalogue lists that only makemessages reads (AXES, ADMIN).
_.get_short_name
_.get_app_list
_._get_field_label
_.export_form_class
_.grade_reason
_.get_term_state_display
_.AXES
_.ADMIN

# selection/: model fields and choices read by the ORM, forms and templates; the registration form's fields
# (cleaned_data); Django's token generator hooks (key_salt, _make_hash_value); and register_panel_scope, the
# hook by which the panel module (selection/models/panel.py, built on these models) gives its members access.
_.min_years_practice
_.other_requirements
_.published_at
_.decided_at
_.applicant
_.years_of_practice
_.disciplinary_record
_.declaration_confirmed
_.rejection_reason
_.withdrawn_at
_.RELATIVE
_.OTHER_ENGAGEMENT
_.counterparty
_.case_number
_.password1
_.password2
_.scholars
_.law_firms
_.input_formats
_.key_salt
_._make_hash_value
_.register_panel_scope

# selection/panel: model fields the ORM fills and the templates or the audit trail read (added_at, declared_at,
# changed_by, changed_at, filed_at), choices offered by the appointment form (MAYOR, UNIT_HEAD), and the
# objection form's "whole list" choice (ModelChoiceField.empty_label, read by Django's widget).
_.added_at
_.declared_at
_.changed_by
_.changed_at
_.filed_at
_.MAYOR
_.UNIT_HEAD
_.empty_label
