"""The roll pages' routes: upload, a job's progress, its results and its results file."""

from django.urls import path

from statusbridge.web.views import rolls

urlpatterns = [
    path("rolls/", rolls.upload, name="rolls"),
    path("rolls/<str:job_id>/", rolls.job_page, name="roll"),
    path("rolls/<str:job_id>/progress.json", rolls.progress, name="roll-progress"),
    path("rolls/<str:job_id>/results/", rolls.results, name="roll-results"),
    path("rolls/<str:job_id>/results.csv", rolls.download, name="roll-download"),
]
