from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.request_list, name="requests"),
    path("new/", views.request_create, name="request_create"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("<int:pk>/submit/", views.request_submit, name="request_submit"),
    path("<int:pk>/review/", views.request_review, name="request_review"),
    path("<int:pk>/approve/", views.request_approve, name="request_approve"),
    path("<int:pk>/return/", views.request_return, name="request_return"),
    path("review-queue/", views.review_queue, name="review_queue"),
    path("queue/", views.approval_queue, name="approval_queue"),
    path("queue/export.xlsx", views.approval_queue_export, name="approval_queue_export"),
    path("statistics/", views.statistics, name="statistics"),
    path("settlements/", views.settlement_list, name="settlements"),
    path("settlements/prepare/", views.settlement_prepare_view, name="settlement_prepare"),
    path("settlements/engagements/", views.settlement_engagement_choices, name="settlement_engagement_choices"),
    path("settlements/<int:pk>/confirm/", views.settlement_confirm_view, name="settlement_confirm"),
]
