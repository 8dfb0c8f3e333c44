"""Every GET page a role can reach, found generically so that new pages are measured without edits.

- the admin index, every registered ModelAdmin's changelist and one change page (an object the
  user's admin queryset holds);
- every URL pattern without arguments (walking the resolver);
- every URL pattern whose only argument is `pk`, with an object the user may see, when the model can
  be told from the view (`view_class.model`), from `DETAIL_MODELS`, or from the URL name within the
  namespace's app (`contract_detail` in `contracts` -> ServiceContract, `job` in `reports` -> ReportJob).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# URL names that are not pages: logging out, switching language, the login form itself.
SKIP = {"logout", "login", "set_language", "healthz"}
# Namespaced URL name -> model label, where the view does not say and the name does not match.
DETAIL_MODELS: dict[str, str] = {
    # Selection: pages named for what they do with a notice, a panel or an application.
    "selection:public_notice": "selection.SelectionNotice",
    "selection:publicity": "selection.SelectionNotice",
    "selection:notice_applications": "selection.SelectionNotice",
    "selection:panel_manage": "selection.SelectionNotice",
    "selection:scoring": "selection.Panel",
    "selection:sheet": "selection.Application",
    "selection:review": "selection.Application",
}
# URL names (or name fragments) of dashboards: their target is 300 ms instead of 150 ms.
DASHBOARD_MARKERS = ("dashboard", "statistics", "stats")
# What the searches look for: a place name that matches some rows of most tables, not all.
SEARCH_TERM = "株洲"
_NAME_SUFFIXES = ("detail", "view", "edit", "update", "change", "pdf", "download", "status", "read", "delete")


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    kind: str  # "admin list", "admin detail", "admin", "page", "detail", "dashboard"

    @property
    def target_ms(self) -> int:
        return 300 if self.kind == "dashboard" else 150


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced
    namespace: str
    url_name: str
    arguments: tuple[str, ...]
    callback: object


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", converters: tuple = ()) -> list[Pattern]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        here = converters + tuple(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            )
            found += url_patterns(entry, inner, here)
        elif isinstance(entry, URLPattern) and entry.name:
            full = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append(Pattern(full, namespace, entry.name, tuple(here), entry.callback))
    return found


def model_for(pattern: Pattern) -> type[models.Model] | None:
    if pattern.name in DETAIL_MODELS:
        return apps.get_model(DETAIL_MODELS[pattern.name])
    view_class = getattr(pattern.callback, "view_class", None)
    model = getattr(view_class, "model", None)
    if model is not None:
        return model
    app_label = pattern.namespace.split(":")[-1]
    if not apps.is_installed(app_label):  # a namespace that is not an app: the app of the view's module
        app_label = (getattr(pattern.callback, "__module__", "") or "").split(".")[0]
    try:
        app_models = list(apps.get_app_config(app_label).get_models())
    except LookupError:
        return None
    parts = pattern.url_name.split("_")
    while parts and parts[-1] in _NAME_SUFFIXES and len(parts) > 1:
        parts = parts[:-1]
    for end in range(len(parts), 0, -1):
        joined = "".join(parts[:end])
        for model in app_models:
            if model._meta.model_name == joined:
                return model
        for model in app_models:
            if model._meta.model_name.endswith(joined) or model._meta.model_name.startswith(joined):
                return model
    return None


def _kind(name: str, default: str) -> str:
    return "dashboard" if any(marker in name for marker in DASHBOARD_MARKERS) else default


def _visible_pk(user, model):
    from accounts.policy import policy_for

    try:
        queryset = policy_for(model).scope(user, model._default_manager.all())
    except LookupError:
        queryset = model._default_manager.all()
    return queryset.order_by("pk").values_list("pk", flat=True).first()


def admin_pages(user) -> list[Page]:
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [Page("admin:index", reverse("admin:index"), "admin")]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        pages.append(Page(f"admin:{info[0]}_{info[1]}_changelist", changelist, "admin list"))
        if model_admin.get_search_fields(request):
            pages.append(
                Page(f"admin:{info[0]}_{info[1]}_changelist?q", f"{changelist}?q={SEARCH_TERM}", "admin search")
            )
        pk = model_admin.get_queryset(request).order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            pages.append(
                Page(
                    f"admin:{info[0]}_{info[1]}_change",
                    reverse("admin:{}_{}_change".format(*info), args=[pk]),
                    "admin detail",
                )
            )
    return pages


def portal_pages(user) -> tuple[list[Page], list[str]]:
    """Pages for this user, and the patterns that could not be measured (with why)."""
    pages, skipped = [], []
    for pattern in url_patterns():
        if pattern.namespace.split(":")[0] == "admin" or pattern.url_name in SKIP:
            continue
        if not pattern.arguments:
            pages.append(Page(pattern.name, reverse(pattern.name), _kind(pattern.name, "page")))
        elif pattern.arguments == ("pk",):
            model = model_for(pattern)
            if model is None:
                skipped.append(f"{pattern.name}: no model for its pk")
                continue
            pk = _visible_pk(user, model)
            if pk is None:
                skipped.append(f"{pattern.name}: no {model._meta.label} visible")
                continue
            pages.append(Page(pattern.name, reverse(pattern.name, kwargs={"pk": pk}), _kind(pattern.name, "detail")))
        else:
            skipped.append(f"{pattern.name}: arguments {', '.join(pattern.arguments)}")
    return pages, skipped


def pages_for(user) -> tuple[list[Page], list[str]]:
    portal, skipped = portal_pages(user)
    return admin_pages(user) + portal, skipped
