"""Strings shown by third-party apps that ship no Simplified Chinese catalogue (django-auditlog).

Nothing imports this module: it exists so that `makemessages` keeps these messages in the project catalogue
(locale/), whose translations take precedence over every app's.
"""

from django.utils.translation import gettext_noop

AUDITLOG = [
    gettext_noop("Audit log"),
    gettext_noop("Audit log: %s"),
    gettext_noop("Resource Type"),
    gettext_noop("Resource"),
    gettext_noop("Correlation ID"),
    gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Changes"),
    gettext_noop("Field"),
    gettext_noop("From"),
    gettext_noop("To"),
    gettext_noop("Relationship"),
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
    gettext_noop("object pk"),
    gettext_noop("object representation"),
    gettext_noop("actor"),
    gettext_noop("actor email"),
    gettext_noop("remote address"),
    gettext_noop("remote port"),
    gettext_noop("timestamp"),
    gettext_noop("additional data"),
    gettext_noop("Created {repr:s}"),
    gettext_noop("Updated {repr:s}"),
    gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
]

# django-axes (sign-in lockouts) ships no Simplified Chinese catalogue either.
AXES = [
    gettext_noop("Axes"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Username"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Failed Logins"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
]

# Django 5.2's admin and django-import-export: strings their zh_Hans catalogues lack or garble.
ADMIN = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Select all"),
    gettext_noop("Some rows failed to validate"),
]
