"""Every admin write goes through a service, like a view's (README, "The admin writes through the services").

The check walks the admin site's registry: for every model admin (and each of its inlines) that lets some
role add, change or delete, the methods Django writes with — save_model, save_related, delete_model,
delete_queryset, and the admin's actions — must be our code and call a function of a `services` module
(accounts.admin_base.ServiceWritesMixin does so for tables without a workflow of their own). Django's
defaults (`obj.save()`, `formset.save()`, `queryset.delete()`) or a third-party admin's do not.

The xlsx imports likewise: each row is saved by a resource's `do_instance_save`, and a resource inserting
new rows in bulk does so in `bulk_create` (django-import-export's defaults save the rows themselves).
"""

import ast
import inspect
import textwrap
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.test import RequestFactory
from import_export import resources
from import_export.admin import ImportMixin

from accounts.roles import Role
from reviews.models import VetoItem
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent.parent
# Our code: the project's apps (folders with an apps.py) and the project package.
OUR_APPS = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"zhuzhou_legal"}
WRITES = ("save_model", "save_related", "delete_model", "delete_queryset")


def _ours(func) -> bool:
    module = inspect.getmodule(func)
    return module is not None and module.__name__.split(".")[0] in OUR_APPS


def _service_names(module) -> tuple[set[str], set[str]]:
    """The names in `module` bound to a services module, and to a function of one."""
    modules, functions = set(), set()
    for name, value in vars(module).items():
        origin = value.__name__ if inspect.ismodule(value) else getattr(value, "__module__", "") or ""
        if "services" not in origin.split(".")[1:2]:
            continue
        (modules if inspect.ismodule(value) else functions).add(name)
    return modules, functions


def _only_pass(tree) -> bool:
    # A docstring or a comment-only body is no write.
    body = [node for node in tree.body[0].body if not isinstance(getattr(node, "value", None), ast.Constant)]
    return all(isinstance(node, ast.Pass) for node in body)


def calls_service(cls, name: str, seen=frozenset()) -> bool:
    """Whether `cls.name` is ours and calls a service, itself or through another of the admin's write methods."""
    func = getattr(cls, name)
    if not _ours(func):
        return False
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    if name == "save_model" and _only_pass(tree):
        return "save_related" not in seen and calls_service(cls, "save_related", seen | {name})  # saved there
    modules, functions = _service_names(inspect.getmodule(func))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = node.func
        if isinstance(target, ast.Name) and target.id in functions:
            return True
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            if target.value.id in modules:
                return True
            delegated = target.value.id == "self" and target.attr in WRITES and target.attr not in seen | {name}
            if delegated and calls_service(cls, target.attr, seen | {name}):
                return True
    return False


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def problems(registry, users) -> list[str]:
    """What in these model admins writes past the services, for any of these users."""
    found = set()
    for model, model_admin in registry.items():
        cls = type(model_admin)
        for user in users:
            request = _request(user)
            adds = model_admin.has_add_permission(request)
            changes = model_admin.has_change_permission(request)
            if adds or changes:
                if not calls_service(cls, "save_model"):
                    found.add(f"{cls.__name__}.save_model")
                inlines = [inline(model, model_admin.admin_site) for inline in model_admin.get_inlines(request, None)]
                inline_writes = any(
                    inline.has_add_permission(request, None)
                    or inline.has_change_permission(request, None)
                    or (inline.can_delete and inline.has_delete_permission(request, None))
                    for inline in inlines
                )
                fields = set(flatten_fieldsets(model_admin.get_fieldsets(request)))
                fields |= set(flatten_fieldsets(getattr(model_admin, "fieldsets", None) or ()))
                fields -= set(model_admin.get_readonly_fields(request))
                relations = {field.name for field in model._meta.many_to_many} & fields
                if (inline_writes or relations) and not calls_service(cls, "save_related"):
                    found.add(f"{cls.__name__}.save_related")
            if model_admin.has_delete_permission(request):
                deletes = ("delete_model", "delete_queryset")
                found |= {f"{cls.__name__}.{name}" for name in deletes if not calls_service(cls, name)}
            for name, (func, _name, _description) in model_admin.get_actions(request).items():
                if name == "delete_selected":
                    continue  # Django's: deletes through delete_queryset, checked above
                if not (_ours(func) and calls_service(cls, func.__name__)):
                    found.add(f"{cls.__name__}.{name}")
    return sorted(found)


def import_problems(registry, users) -> list[str]:
    """What in these admins' xlsx imports saves rows past the services, for any of these users."""
    found = set()
    for model_admin in registry.values():
        for user in users:
            request = _request(user)
            if not (isinstance(model_admin, ImportMixin) and model_admin.has_import_permission(request)):
                continue
            for resource in model_admin.get_import_resource_classes(request):
                names = ["do_instance_save", *(["bulk_create"] if resource._meta.use_bulk else [])]
                found |= {f"{resource.__name__}.{name}" for name in names if not calls_service(resource, name)}
    return sorted(found)


@pytest.fixture
def users(city, bureau, officer_a, auditor):
    return [
        bureau,
        officer_a,
        auditor,
        make_user("sysadmin", Role.SYSTEM_ADMIN, city),
        make_user("secadmin", Role.SECURITY_ADMIN, city),
        make_user("auditadmin", Role.AUDIT_ADMIN, city),
        make_user("root", Role.OFFICER, city, is_superuser=True),
    ]


def test_every_admin_that_writes_writes_through_a_service(users):
    assert problems(admin.site._registry, users) == []


def test_an_admin_that_saves_the_object_itself_is_found(users):
    class PlainAdmin(admin.ModelAdmin):
        actions = ["deactivate"]

        def save_model(self, request, obj, form, change):
            obj.save()

        @admin.action(description="deactivate")
        def deactivate(self, request, queryset):
            queryset.update(is_active=False)

    found = problems({VetoItem: PlainAdmin(VetoItem, admin.site)}, users)

    assert found == [
        "PlainAdmin.deactivate",
        "PlainAdmin.delete_model",
        "PlainAdmin.delete_queryset",
        "PlainAdmin.save_model",
    ]


def test_every_import_saves_its_rows_through_a_service(users):
    assert import_problems(admin.site._registry, users) == []


def test_an_import_that_saves_the_rows_itself_is_found(users):
    class PlainResource(resources.ModelResource):
        class Meta:
            model = VetoItem
            use_bulk = True

    class PlainImportAdmin(ImportMixin, admin.ModelAdmin):
        resource_classes = [PlainResource]

        def has_import_permission(self, request):
            return True

    found = import_problems({VetoItem: PlainImportAdmin(VetoItem, admin.site)}, users)

    assert found == ["PlainResource.bulk_create", "PlainResource.do_instance_save"]
