from django.urls import path

from .panel import urls as panel_urls

app_name = "selection"

urlpatterns = [
    *panel_urls.urlpatterns,
    # TEMPORARY until selcore's urls are merged (not to be committed).
    path("applications/<int:pk>/", lambda request, pk: None, name="application"),
]
