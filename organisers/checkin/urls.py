"""The check-in code's link, mounted at /pointage/ (see scan.py)."""

from django.urls import path

from organisers.checkin import scan

app_name = "checkin"

urlpatterns = [path("<str:token>/", scan.scan, name="scan")]
