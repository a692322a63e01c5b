"""The page shell (base.html): header, navigation, language switch and footer written once per
language and kind of reader with ``{% fixed %}``, the same for every reader of that kind, and
nothing of one request or user in another."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError, engines
from django.test import override_settings
from django.utils import translation

from tests.factories import UserFactory

_FIXED = '{% load shell %}{% fixed staff=staff %}{% if staff %}S{% endif %}{{ name }}|{% translate "Abmelden" %}{% endfixed %}'


def test_fixed_content_sees_only_its_named_values():
    template = engines["django"].from_string("{% load i18n %}" + _FIXED)
    assert template.render({"staff": True, "name": "alice"}) == "S|Abmelden"
    # the kept output for staff=True, not a name of this or the first render
    assert template.render({"staff": True, "name": "bob"}) == "S|Abmelden"
    assert template.render({"staff": False, "name": "bob"}) == "|Abmelden"


def test_fixed_content_is_kept_per_language():
    template = engines["django"].from_string("{% load i18n %}" + _FIXED)
    with translation.override("en"):
        english = translation.gettext("Abmelden")
        assert english != "Abmelden"
        assert template.render({"staff": False}) == "|" + english
    with translation.override("de"):
        assert template.render({"staff": False}) == "|Abmelden"
    with translation.override("en"):
        assert template.render({"staff": False}) == "|" + english


def test_fixed_content_follows_the_urlconf():
    template = engines["django"].from_string("{% load shell %}{% fixed %}{% url 'home' %}{% endfixed %}")
    assert template.render({}) == "/"
    with override_settings(ROOT_URLCONF="tests.funding.shell_urls"):
        assert template.render({}) == "/elsewhere/"
    assert template.render({}) == "/"


def test_a_block_inside_fixed_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load shell %}{% fixed %}{% block x %}{% endblock %}{% endfixed %}")


def test_fixed_takes_only_named_values():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load shell %}{% fixed staff %}{% endfixed %}")


def test_values_that_cannot_be_a_key_are_refused():
    template = Template("{% load shell %}{% fixed x=x %}{% endfixed %}")
    with pytest.raises(TypeError):
        template.render(Context({"x": {"a": 1}}))


def _shell(html):
    """The page without its main part, CSRF tokens and the current path."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'name="next" value="[^"]*"', "", html)
    return re.sub(r"<main.*</main>", "", html, flags=re.S)


@pytest.mark.django_db
def test_every_reader_of_a_kind_gets_the_same_shell_with_their_own_name(client, no_2fa):
    first, second = UserFactory(username="erste"), UserFactory(username="zweite")
    client.force_login(first)
    html_first = client.get("/austausch/").content.decode()
    client.force_login(second)
    html_second = client.get("/austausch/").content.decode()
    assert "(erste)" in html_first and "(erste)" not in html_second and "(zweite)" in html_second
    assert _shell(html_first).replace("erste", "X") == _shell(html_second).replace("zweite", "X")
    assert html_first.count('name="csrfmiddlewaretoken"') == 2


@pytest.mark.django_db
def test_the_shell_of_a_signed_in_reader_is_not_shown_to_a_visitor(client):
    UserFactory(username="erste")
    client.force_login(UserFactory(username="zweite"))
    client.get("/austausch/")
    client.logout()
    html = client.get("/austausch/").content.decode()
    assert "Abmelden" not in html and "zweite" not in html and "/konto/anmelden/" in html


@pytest.mark.django_db
def test_the_language_switch_marks_the_current_language(client):
    for code in ("de", "ar"):
        client.cookies["django_language"] = code
        html = client.get("/austausch/").content.decode()
        assert re.search(rf'value="{code}" class="link-button" lang="{code}"\s+aria-current="true"', html)
        assert html.count('aria-current="true"') == 1
        assert ('dir="rtl"' in html) == (code == "ar")
