"""Whatever goes wrong under /api/v1/ is problem details; the OpenAPI document is complete."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.api.conftest import BENEFITS, Token, assert_problem, bearer

pytestmark = pytest.mark.django_db
PATHS = {
    "/api/v1/oauth/token",
    "/api/v1/verifications",
    "/api/v1/bulk-jobs",
    "/api/v1/bulk-jobs/{job_id}",
    "/api/v1/bulk-jobs/{job_id}/results",
    "/api/v1/cases",
    "/api/v1/cases/queue",
    "/api/v1/corrections",
    "/api/v1/cases/{case_number}",
    "/api/v1/cases/{case_number}/notices/{language}",
    "/api/v1/cases/{case_number}/notices/{language}.pdf",
    "/api/v1/cases/{case_number}/documents",
    "/api/v1/cases/{case_number}/documents/{document_id}",
    *(
        f"/api/v1/cases/{{case_number}}/{step}"
        for step in (
            "institute",
            "notify",
            "contest",
            "finalize",
            "close",
            "resubmit",
            "request-documents",
            "determine",
        )
    ),
}


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing/here", "/api/v1/verifications/"])
def test_unknown_routes_are_404_problems(client: Client, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_a_wrong_method_is_a_405_problem(client: Client) -> None:
    response = client.put("/api/v1/verifications")
    assert_problem(response, 405)
    assert response["Allow"] == "POST"
    assert_problem(client.get("/api/v1/oauth/token"), 405)


def test_the_openapi_document_lists_every_endpoint(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == PATHS
    token = document["paths"]["/api/v1/oauth/token"]["post"]
    assert "application/x-www-form-urlencoded" in token["requestBody"]["content"]
    refused = document["paths"]["/api/v1/verifications"]["post"]["responses"]["403"]
    assert set(refused["content"]) == {"application/problem+json"}
    results = document["paths"]["/api/v1/bulk-jobs/{job_id}/results"]["get"]["responses"]
    assert "text/csv" in results["200"]["content"]
    assert document["components"]["securitySchemes"]


def test_an_oversized_json_body_is_413(client: Client, token: Token) -> None:
    body = json.dumps({"purpose": "benefit-eligibility", "first_name": "a" * 3_000_000})
    response = client.post(
        "/api/v1/verifications",
        body,
        content_type="application/json",
        headers=bearer(token(BENEFITS)),
    )
    assert "2.5 MB" in assert_problem(response, 413)["detail"]
