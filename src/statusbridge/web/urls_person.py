"""The person's own pages (``/me/``) and the public records pages; part of the ``web`` namespace."""

from django.urls import path

from statusbridge.web.views import person, published

urlpatterns = [
    path("me/sign-in/", person.sign_in, name="person-sign-in"),
    path("me/sign-out/", person.sign_out, name="person-sign-out"),
    path("me/", person.home, name="person-home"),
    path("me/accounting/", person.accounting, name="person-accounting"),
    path("me/accounting.json", person.accounting_download, name="person-accounting-json"),
    path("me/cases/", person.case_list, name="person-cases"),
    path("me/cases/<str:number>/", person.case_detail, name="person-case"),
    path("me/cases/<str:number>/contest/", person.contest, name="person-contest"),
    path(
        "me/cases/<str:number>/notices/<int:notice_id>.pdf",
        person.notice_pdf,
        name="person-notice-pdf",
    ),
    path("me/corrections/", person.corrections, name="person-corrections"),
    path("systems/", published.systems, name="systems"),
    path("checkpoint/", published.checkpoint, name="checkpoint"),
    path("checkpoint.txt", published.checkpoint_text, name="checkpoint-text"),
    path("verifier-key.txt", published.verifier_key, name="verifier-key"),
]
