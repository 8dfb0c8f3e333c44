from django.urls import path

from .panel import urls as panel_urls
from .views import account, applications, manage, public

app_name = "selection"

urlpatterns = [
    # Public, without signing in.
    path("", public.notice_list, name="public_list"),
    path("notices/<int:pk>/", public.notice_detail, name="public_notice"),
    path("register/", account.register, name="register"),
    path("confirm/<str:uidb64>/<str:token>/", account.confirm, name="confirm"),
    # The applicant's.
    path("mine/", applications.mine, name="mine"),
    path("notices/<int:notice_pk>/apply/", applications.apply, name="apply"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/documents/", applications.document_upload, name="document_upload"),
    path("applications/<int:pk>/conflicts/", applications.conflict_add, name="conflict_add"),
    path("applications/<int:pk>/submit/", applications.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", applications.withdraw, name="withdraw"),
    path("documents/<int:pk>/", applications.document_download, name="document"),
    path("documents/<int:pk>/delete/", applications.document_delete, name="document_delete"),
    path("conflicts/<int:pk>/delete/", applications.conflict_remove, name="conflict_delete"),
    # The bureau's (or the unit's) running the selection.
    path("manage/", manage.notices, name="manage"),
    path("manage/new/", manage.notice_create, name="notice_create"),
    path("manage/<int:pk>/", manage.notice_applications, name="notice_applications"),
    path("manage/<int:pk>/edit/", manage.notice_edit, name="notice_edit"),
    path("manage/<int:pk>/publish/", manage.notice_publish_view, name="notice_publish"),
    # Review, the panel, 公示 and the appointment (selection/panel).
    *panel_urls.urlpatterns,
    path("manage/<int:pk>/close/", manage.notice_close_view, name="notice_close"),
]
