"""An API request signed with a token reads the account's own language, as the account's
pages do; until it has chosen one, the client's Accept-Language decides."""

import pytest

from tests.api.conftest import client_for


def refused_submission(client, language_header):
    response = client.post(
        "/api/v1/nominations/", {}, format="json", headers={"accept-language": language_header}
    )
    assert response.status_code == 400
    return response


@pytest.mark.django_db
def test_a_token_request_reads_the_accounts_chosen_language(mission):
    mission.language = "fr"
    mission.save(update_fields=["language"])

    response = refused_submission(client_for(mission), "es")

    assert response["Content-Language"] == "fr"
    assert "Ce champ est obligatoire." in response.content.decode()


@pytest.mark.django_db
def test_until_the_account_chooses_the_clients_header_decides(mission):
    assert mission.language == ""

    response = refused_submission(client_for(mission), "es")

    assert response["Content-Language"] == "es"
    assert "Este campo es obligatorio." in response.content.decode()
