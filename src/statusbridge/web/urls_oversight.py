"""The privacy officer's and the auditor's pages, under ``/oversight/`` (the ``web`` namespace)."""

from django.urls import path

from statusbridge.web.views import oversight, oversight_dashboard

urlpatterns = [
    path("oversight/dashboard/", oversight_dashboard.dashboard, name="oversight"),
    path("oversight/charts/<slug:slug>.csv", oversight_dashboard.chart_csv, name="chart-csv"),
    path("oversight/sorn/", oversight.sorn_registry, name="sorn"),
    path("oversight/sorn/diff/", oversight.sorn_diff, name="sorn-diff"),
    path("oversight/review/", oversight.review_list, name="review"),
    path("oversight/review/<str:item_id>/", oversight.review_item, name="review-item"),
    path(
        "oversight/review/<str:item_id>/accept/",
        oversight.review_decide,
        {"verdict": "accept"},
        name="review-accept",
    ),
    path(
        "oversight/review/<str:item_id>/reject/",
        oversight.review_decide,
        {"verdict": "reject"},
        name="review-reject",
    ),
    path("oversight/agreements/", oversight.agreements, name="agreements"),
    path("oversight/decisions/", oversight.decisions, name="decisions"),
    path("oversight/ledger/", oversight.ledger, name="ledger"),
    path("oversight/audit/", oversight.audit_trail, name="audit"),
]
