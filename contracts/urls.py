from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("findings/", views.finding_list, name="findings"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/upload/", views.contract_upload, name="upload"),
    path("<int:pk>/file/", views.contract_file, name="file"),
]
