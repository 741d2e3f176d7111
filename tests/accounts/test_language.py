"""The language an account reads the site in: the account's choice on every request, else
the cookie or the browser's Accept-Language; the switcher stores the choice."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from accounts.models import User

SWITCH = "/accounts/language/"


def lang_of(response):
    html = response.content.decode()
    start = html.index('<html lang="') + len('<html lang="')
    return html[start : html.index('"', start)]


@pytest.mark.django_db
def test_an_account_in_french_reads_the_site_in_french(client, mission):
    mission.language = "fr"
    mission.save()
    client.force_login(mission)

    response = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="es")

    assert lang_of(response) == "fr"
    assert response["Content-Language"] == "fr"
    assert 'aria-current="true">Français</strong>' in response.content.decode()


@pytest.mark.django_db
def test_the_browser_language_is_the_first_guess_for_a_visitor(client):
    assert lang_of(client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")) == "es"
    assert lang_of(client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="de")) == "en"


@pytest.mark.django_db
def test_an_account_without_a_choice_follows_the_browser(client, mission):
    client.force_login(mission)

    assert lang_of(client.get("/portal/", HTTP_ACCEPT_LANGUAGE="fr")) == "fr"


@pytest.mark.django_db
def test_switching_while_signed_in_stores_the_language_on_the_account(client, mission):
    client.force_login(mission)

    response = client.post(SWITCH, {"language": "es", "next": "/portal/calls/"})

    assert response.status_code == 302 and response["Location"] == "/portal/calls/"
    assert User.objects.get(pk=mission.pk).language == "es"
    # Another browser, another cookie, another Accept-Language: the account's choice holds.
    client.cookies.clear()
    client.force_login(mission)
    assert lang_of(client.get("/portal/", HTTP_ACCEPT_LANGUAGE="fr")) == "es"


@pytest.mark.django_db
def test_a_visitor_switches_on_the_sign_in_page_with_the_cookie(client):
    page = client.get("/sign-in/").content.decode()
    assert 'action="/accounts/language/"' in page
    assert '<button type="submit" name="language" value="fr" lang="fr"' in page

    response = client.post(SWITCH, {"language": "fr", "next": "/sign-in/"})

    assert response["Location"] == "/sign-in/"
    assert lang_of(client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="es")) == "fr"


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client, mission):
    client.force_login(mission)

    client.post(SWITCH, {"language": "de", "next": "/portal/"})

    assert User.objects.get(pk=mission.pk).language == ""


@pytest.mark.django_db
def test_switching_refuses_a_next_on_another_host(client):
    response = client.post(SWITCH, {"language": "fr", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_dates_follow_the_language():
    template = Template('{{ day|date:"DATE_FORMAT" }}')
    day = datetime.date(2023, 11, 15)
    rendered = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            rendered[language] = template.render(Context({"day": day}))

    assert rendered == {
        "en": "15 November 2023",
        "fr": "15 novembre 2023",
        "es": "15 de noviembre de 2023",
    }


@pytest.mark.django_db
def test_the_page_cache_keeps_one_page_per_language(client, secretariat, page_cache):
    """Switching writes no audit event, so the data's version stays: only the language in
    the key (workflows/data_version.py) keeps the English page from being served in French."""
    client.force_login(secretariat)
    url = "/workbench/nominations/"

    english = client.get(url)
    cached = len(page_cache._cache)
    client.post(SWITCH, {"language": "fr", "next": url})
    french = client.get(url)
    client.post(SWITCH, {"language": "en", "next": url})
    english_again = client.get(url)

    assert cached > 0
    assert (lang_of(english), lang_of(french), lang_of(english_again)) == ("en", "fr", "en")
    assert 'aria-current="true">Français</strong>' in french.content.decode()
    assert 'aria-current="true">English</strong>' in english_again.content.decode()


@pytest.mark.django_db
def test_each_language_is_named_in_itself_whatever_the_page_language(client):
    page = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'aria-current="true">Français</strong>' in page
    assert (
        'value="en" lang="en" class="nomina-sign-out nomina-language-switcher__choice">English<'
        in page
    )
    assert (
        'value="es" lang="es" class="nomina-sign-out nomina-language-switcher__choice">Español<'
        in page
    )


@pytest.mark.django_db
def test_switching_goes_back_to_the_page_it_was_asked_from(client, mission):
    client.force_login(mission)

    response = client.post(
        SWITCH, {"language": "fr"}, HTTP_REFERER="http://testserver/portal/notes/?page=2"
    )

    assert response["Location"] == "http://testserver/portal/notes/?page=2"
