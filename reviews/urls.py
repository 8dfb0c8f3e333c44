from django.urls import path

from .views import assessments, duty_reports, inspections, overview, work_reports

app_name = "reviews"

urlpatterns = [
    path("", overview.overview_page, name="overview"),
    path("duty-reports/", duty_reports.duty_reports, name="duty_reports"),
    path("duty-reports/<int:engagement_pk>/<int:year>/edit/", duty_reports.duty_report_edit, name="duty_report_edit"),
    path("duty-reports/<int:pk>/", duty_reports.duty_report_detail, name="duty_report_detail"),
    path("duty-reports/<int:pk>/submit/", duty_reports.duty_report_submit_view, name="duty_report_submit"),
    path("duty-reports/<int:pk>/return/", duty_reports.duty_report_return_view, name="duty_report_return"),
    path("duty-reports/<int:pk>/attachments/", duty_reports.duty_report_attach_view, name="duty_report_attach"),
    path("attachments/<int:pk>/", duty_reports.attachment_download, name="attachment_download"),
    path("assessments/", assessments.assessments, name="assessments"),
    path("assessments/<int:engagement_pk>/<int:year>/edit/", assessments.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("work-reports/", work_reports.work_reports, name="work_reports"),
    path("work-reports/<int:year>/edit/", work_reports.work_report_edit, name="work_report_edit"),
    path("work-reports/<int:pk>/", work_reports.work_report_detail, name="work_report_detail"),
    path("work-reports/<int:pk>/submit/", work_reports.work_report_submit_view, name="work_report_submit"),
    path("work-reports/<int:pk>/review/", work_reports.work_report_review, name="work_report_review"),
    path("inspections/", inspections.inspections, name="inspections"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/letter/", inspections.inspection_letter, name="inspection_letter"),
    path("rectifications/", inspections.rectifications, name="rectifications"),
    path("rectifications/<int:pk>/answer/", inspections.rectification_answer_view, name="rectification_answer"),
    path("rectifications/<int:pk>/close/", inspections.rectification_close_view, name="rectification_close"),
]
