"""The "exact spelling only" toggle and the help of an empty result, in the page and the API."""

from __future__ import annotations

import html

from flask.testing import FlaskClient


def body_of(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def test_the_toggle_is_in_the_form_and_stays_checked(client: FlaskClient) -> None:
    body = body_of(client, "/search?q=agreements")
    assert '<input id="exact" type="checkbox" name="exact" value="1">' in body
    body = body_of(client, "/search?q=agreements&exact=1")
    assert '<input id="exact" type="checkbox" name="exact" value="1" checked>' in body
    assert "Exact spelling only: no other spellings were searched." in body
    assert 'href="/search?q=agreements">Search all spellings</a>' in body


def test_exact_spelling_finds_fewer_documents_than_all_spellings(client: FlaskClient) -> None:
    every = client.get("/api/search?q=counties").get_json()
    exact = client.get("/api/search?q=counties&exact=1").get_json()
    assert every["exact"] is False and exact["exact"] is True
    assert 0 < exact["total_documents"] < every["total_documents"]  # "county" is another word
    assert every["expanded"] == [] and exact["expanded"] == []


def test_the_equals_form_is_the_same_as_the_toggle(client: FlaskClient) -> None:
    toggle = client.get("/api/search?q=counties&exact=1").get_json()
    typed = client.get("/api/search?q==counties").get_json()
    assert typed["total_documents"] == toggle["total_documents"]
    assert (
        typed["total_documents"]
        < client.get("/api/search?q=counties").get_json()["total_documents"]
    )


def test_a_bad_toggle_value_is_refused(client: FlaskClient) -> None:
    body = html.unescape(body_of(client, "/search?q=agreement&exact=maybe", 400))
    assert "The parameter 'exact' is on (1) or off (0), not 'maybe'." in body
    response = client.get("/api/search?q=agreement&exact=2")
    assert response.status_code == 400
    assert "'exact'" in response.get_json()["error"]


def test_an_empty_result_in_the_api_says_what_to_try(client: FlaskClient) -> None:
    data = client.get("/api/search?q=agreemnt").get_json()
    assert data["total_documents"] == 0
    assert data["help"]["unknown_words"] == ["agreemnt"]
    suggestion = data["help"]["suggestions"][0]
    assert suggestion["query"] == "agreement" and suggestion["without_filters"] is False
    again = client.get("/api/search?q=agreement").get_json()
    assert again["total_documents"] == suggestion["documents"]
    exact = client.get("/api/search?q=agreemnts&exact=1").get_json()
    assert exact["total_documents"] == 0


def test_the_page_and_the_api_say_what_was_also_matched(client: FlaskClient) -> None:
    data = client.get("/api/search?q=ICE").get_json()
    (expansion,) = data["expanded"]
    assert expansion["term"] == "ICE"
    assert "immigration and customs enforcement" in expansion["also"]
    # spellings that differ only in spaces are shown once
    squeezed = ["".join(form.split()) for form in expansion["also"]]
    assert len(squeezed) == len(set(squeezed))
    body = html.unescape(body_of(client, "/search?q=ICE"))
    assert "<q>ICE</q> also matched: immigration and customs enforcement" in body
    assert 'href="/search?q=ICE&exact=1">Exact spelling only</a>' in body
    exact = client.get("/api/search?q=ICE&exact=1").get_json()
    assert exact["expanded"] == []
    assert exact["total_documents"] <= data["total_documents"]
