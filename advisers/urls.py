from django.urls import path

from . import views

app_name = "advisers"

urlpatterns = [
    path("", views.adviser_list, name="list"),
    path("<int:pk>/", views.adviser_detail, name="detail"),
    path("engagements/", views.engagement_list, name="engagements"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement"),
    path("opinions/", views.opinion_list, name="opinions"),
    path("opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/<int:pk>/edit/", views.opinion_edit, name="opinion_edit"),
    path("lectures/", views.lecture_list, name="lectures"),
    path("lectures/new/", views.lecture_create, name="lecture_create"),
    path("lectures/<int:pk>/edit/", views.lecture_edit, name="lecture_edit"),
    path("proposals/", views.proposals, name="proposals"),
    path("opinions/propose/", views.opinion_propose, name="opinion_propose"),
    path("opinions/<int:pk>/decide/", views.opinion_decide, name="opinion_decide"),
    path("lectures/propose/", views.lecture_propose, name="lecture_propose"),
    path("lectures/<int:pk>/decide/", views.lecture_decide, name="lecture_decide"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/candidates/", views.round_add_candidate, name="round_add_candidate"),
    path("rounds/<int:pk>/candidates/choices/", views.round_candidate_choices, name="round_candidate_choices"),
    path("rounds/<int:pk>/decide/", views.round_decide, name="round_decide"),
    path("disputes/", views.dispute_list, name="disputes"),
    path("disputes/new/", views.dispute_create, name="dispute_create"),
    path("disputes/<int:pk>/edit/", views.dispute_edit, name="dispute_edit"),
    path("conflicts/", views.conflict_list, name="conflicts"),
    path("conflicts/<int:pk>/", views.conflict_detail, name="conflict"),
    path("conflicts/<int:pk>/decide/", views.conflict_decide, name="conflict_decide"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/units/", views.unit_statistics, name="unit_statistics"),
]
