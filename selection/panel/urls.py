"""The panel's pages, included in selection.urls (namespace `selection`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("applications/<int:pk>/review/", views.review, name="review"),
    path("manage/<int:pk>/panel/", views.manage, name="panel_manage"),
    path("manage/<int:pk>/panel/settings/", views.panel_settings, name="panel_settings"),
    path("manage/<int:pk>/panel/members/", views.member_add, name="panel_member_add"),
    path("manage/<int:pk>/panel/criteria/", views.criterion_add, name="criterion_add"),
    path("manage/<int:pk>/publicity/", views.publish, name="publicity_publish"),
    path("manage/<int:pk>/appoint/", views.appoint, name="appoint"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("panels/", views.my_panels, name="my_panels"),
    path("panels/<int:pk>/", views.scoring, name="scoring"),
    path("panels/applications/<int:pk>/", views.sheet, name="sheet"),
    path("notices/<int:pk>/publicity/", views.publicity, name="publicity"),
]
