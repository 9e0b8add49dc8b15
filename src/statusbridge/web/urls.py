"""The web pages, mounted at ``/`` (beside ``/admin/``, ``/accounts/`` and ``/api/v1/``)."""

from django.urls import include, path

from statusbridge.web.views import cases, public, queue, verify

app_name = "web"
urlpatterns = [
    path("", public.home, name="home"),
    path("verify/", verify.verify_one, name="verify"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/<str:number>/", cases.case_detail, name="case"),
    path("cases/<str:number>/steps/<str:name>/", cases.step, name="step"),
    path("cases/<str:number>/documents/<int:document_id>/", cases.document, name="document"),
    path("queue/", queue.work_queue, name="queue"),
    path("", include("statusbridge.web.urls_oversight")),
    path("", include("statusbridge.web.urls_rolls")),
    path("", include("statusbridge.web.urls_person")),
]
