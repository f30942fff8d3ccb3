"""schemathesis against the API's own OpenAPI schema: every operation, generated input,
anonymous and with a coordinator's token. No 5xx, answers that match the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from twinning.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "coordinator token"])
def test_every_api_operation_answers_generated_requests_within_its_schema(
    cast, with_token: bool
) -> None:
    headers = {}
    if with_token:
        _token, key = api_token_create(actor=cast.coordinator, name="fuzz")
        headers = {"Authorization": f"Bearer {key}"}
    # Django closes the connection around each request it serves; in a test that would
    # close the test's own transaction (the test client does the same as this).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        operations = _operations()
        assert len(operations) >= 8
        _check_all(operations, headers)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _check_all(operations, headers: dict) -> None:
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            # A filter naming an interest or a county that does not exist is answered
            # 422 with the reason (documented): valid as a string, refused as a value.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
