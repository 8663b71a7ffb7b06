"""The survey pages: who may do what, what gets stored, and what each role sees."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import member
from waypoint.core.models import Role
from waypoint.core.scoping import scopes_disabled
from waypoint.surveys.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

from .helpers import make_survey, question, submit


@pytest.fixture
def coordinator(world):
    return member(world.program, Role.COORDINATOR)


@pytest.fixture
def peer(world):
    return member(world.program, Role.PEER)


@pytest.fixture
def viewer(world):
    return member(world.program, Role.VIEWER)


@pytest.fixture
def open_survey(world):
    return make_survey(
        world.program,
        world.owner,
        open_it=True,
        custom=[
            {
                "prompt": "How did you hear about us?",
                "kind": "single",
                "options": ["Friend", "Outreach"],
            }
        ],
    )


def client_uuid_of(html: str) -> str:
    return re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', html).group(1)


def _questions(survey) -> list[SurveyQuestion]:
    return list(SurveyQuestion.unscoped.filter(survey=survey))


# --- Building -------------------------------------------------------------------------


def test_a_coordinator_creates_a_survey_with_the_standard_questions(world, client_for, coordinator):
    client = client_for(coordinator)
    page = client.get("/surveys/new/").content.decode()
    assert page.count('type="checkbox"') == 7 and page.count("checked") == 7
    response = client.post(
        "/surveys/new/",
        {"title": "Summer PiTS", "description": "Anonymous.", "standard": ["age_range", "gender"]},
    )
    survey = Survey.unscoped.get(title="Summer PiTS")
    assert response.status_code == 302 and response["Location"] == f"/surveys/{survey.pk}/"
    assert survey.program == world.program and survey.status == SurveyStatus.DRAFT
    assert [q.key for q in _questions(survey)] == ["age_range", "gender"]


def test_a_survey_without_a_title_is_not_created(world, client_for, coordinator):
    response = client_for(coordinator).post("/surveys/new/", {"title": " ", "standard": ["gender"]})
    assert response.status_code == 422
    assert not Survey.unscoped.exists()


def test_the_builder_adds_custom_questions_and_refuses_bad_ones(world, client_for, coordinator):
    survey = make_survey(world.program, world.owner, keys=["gender"])
    client = client_for(coordinator)
    added = client.post(
        f"/surveys/{survey.pk}/questions/custom/",
        {"custom-prompt": "Used a drug-checking service?", "custom-kind": "yes_no"},
    )
    assert added.status_code == 302
    refused = client.post(
        f"/surveys/{survey.pk}/questions/custom/",
        {"custom-prompt": "Pick one", "custom-kind": "multiple", "custom-options": "Only one"},
    )
    assert refused.status_code == 422
    assert "at least two answers" in refused.content.decode()
    assert [q.prompt for q in _questions(survey)][1:] == ["Used a drug-checking service?"]


def test_the_builder_moves_and_removes_questions(world, client_for, coordinator):
    survey = make_survey(world.program, world.owner, keys=["age_range", "gender"])
    age, gender = _questions(survey)
    client = client_for(coordinator)
    client.post(f"/surveys/{survey.pk}/questions/{gender.pk}/move/", {"direction": "up"})
    assert _questions(survey) == [gender, age]
    client.post(f"/surveys/{survey.pk}/questions/{gender.pk}/move/", {"direction": "sideways"})
    assert _questions(survey) == [gender, age]
    client.post(f"/surveys/{survey.pk}/questions/{age.pk}/remove/")
    assert _questions(survey) == [gender]


def test_a_question_of_another_survey_is_not_found_under_this_one(world, client_for, coordinator):
    survey = make_survey(world.program, world.owner, keys=["gender"])
    other = make_survey(world.program, world.owner, keys=["gender"], title="Other")
    response = client_for(coordinator).post(
        f"/surveys/{survey.pk}/questions/{question(other, 'gender').pk}/remove/"
    )
    assert response.status_code == 404
    assert len(_questions(other)) == 1


def test_opening_shows_the_link_and_qr_and_freezes_the_questions(world, client_for, coordinator):
    survey = make_survey(world.program, world.owner, keys=["gender"])
    client = client_for(coordinator)
    client.post(f"/surveys/{survey.pk}/open/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f"/s/{survey.public_token}/" in page
    assert 'src="data:image/svg+xml' in page
    assert "Add your own question" not in page
    response = client.post(
        f"/surveys/{survey.pk}/questions/custom/",
        {"custom-prompt": "Late question", "custom-kind": "yes_no"},
    )
    assert response.status_code == 422 and len(_questions(survey)) == 1
    poster = client.get(f"/surveys/{survey.pk}/poster/").content.decode()
    assert 'class="poster-qr"' in poster and f"/s/{survey.public_token}/" in poster


def test_an_empty_survey_is_not_opened(world, client_for, coordinator):
    survey = make_survey(world.program, world.owner, keys=[])
    response = client_for(coordinator).post(f"/surveys/{survey.pk}/open/", follow=True)
    assert "Add at least one question" in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


@pytest.mark.parametrize("role", [Role.STAFF, Role.PEER, Role.VIEWER])
def test_only_coordinators_build(world, client_for, role):
    survey = make_survey(world.program, world.owner, keys=["gender"])
    client = client_for(member(world.program, role))
    assert client.get("/surveys/new/").status_code == 403
    assert client.post(f"/surveys/{survey.pk}/open/").status_code == 403
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_another_programs_survey_is_not_found(world, client_for, open_survey):
    client = client_for(world.outsider)
    for url in ("", "fill/", "results/", "poster/"):
        assert client.get(f"/surveys/{open_survey.pk}/{url}").status_code == 404
    assert client.post(f"/surveys/{open_survey.pk}/close/").status_code == 404
    assert client.post(f"/surveys/{open_survey.pk}/fill/", {}).status_code == 404
    open_survey.refresh_from_db()
    assert open_survey.status == SurveyStatus.OPEN


def test_the_list_shows_each_role_what_it_can_do(world, client_for, peer, viewer, open_survey):
    peer_page = client_for(peer).get("/surveys/").content.decode()
    assert f"/surveys/{open_survey.pk}/fill/" in peer_page and "/surveys/new/" not in peer_page
    viewer_page = client_for(viewer).get("/surveys/").content.decode()
    # A viewer reads the answers in the reports, by whole quarter and year: neither a
    # survey's own results nor its count of responses, which grows as people answer.
    assert f"/surveys/{open_survey.pk}/results/" not in viewer_page
    assert 'data-testid="results-in-reports"' in viewer_page and "response" not in viewer_page
    assert "/fill/" not in viewer_page


# --- Filling in with staff --------------------------------------------------------------


def test_a_peer_fills_in_and_gets_a_fresh_form(world, client_for, peer, open_survey):
    client = client_for(peer)
    page = client.get(f"/surveys/{open_survey.pk}/fill/").content.decode()
    key = client_uuid_of(page)
    custom = _questions(open_survey)[-1]
    form = {
        "client_uuid": key,
        "site": world.site.pk,
        f"q-{question(open_survey, 'age_range').pk}": "under_25",
        f"q-{question(open_survey, 'race_ethnicity').pk}": ["asian", "white"],
        f"q-{question(open_survey, 'reversals_6m').pk}": "2",
        f"q-{custom.pk}": "c2",
    }
    first = client.post(f"/surveys/{open_survey.pk}/fill/", form)
    again = client.post(f"/surveys/{open_survey.pk}/fill/", form)
    assert first.status_code == again.status_code == 302
    response = SurveyResponse.unscoped.get()
    assert response.mode == "staff" and response.site == world.site
    assert SurveyAnswer.unscoped.filter(response=response).count() == 4
    fresh = client.get(first["Location"]).content.decode()
    assert "Thank you — ready for the next person." in fresh
    assert client_uuid_of(fresh) != key and "checked" not in fresh


def test_a_bad_answer_shows_the_form_again_and_stores_nothing(world, client_for, peer, open_survey):
    client = client_for(peer)
    key = client_uuid_of(client.get(f"/surveys/{open_survey.pk}/fill/").content.decode())
    reversals = question(open_survey, "reversals_6m")
    gender = question(open_survey, "gender")
    response = client.post(
        f"/surveys/{open_survey.pk}/fill/",
        {"client_uuid": key, f"q-{reversals.pk}": "500", f"q-{gender.pk}": "woman"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Enter a number from 0 to 50" in html and f'href="#q-{reversals.pk}"' in html
    # What was typed stays, and so does the one-time code.
    assert client_uuid_of(html) == key
    assert re.search(r'value="woman"\s+checked', html)
    assert not SurveyResponse.unscoped.exists()


def test_a_site_of_another_program_is_refused_on_the_fill_page(
    world, client_for, peer, open_survey
):
    client = client_for(peer)
    key = client_uuid_of(client.get(f"/surveys/{open_survey.pk}/fill/").content.decode())
    response = client.post(
        f"/surveys/{open_survey.pk}/fill/", {"client_uuid": key, "site": world.other_site.pk}
    )
    assert response.status_code == 422
    assert not SurveyResponse.unscoped.exists()


def test_a_closed_survey_cannot_be_filled_in_by_staff(world, client_for, peer, open_survey):
    from waypoint.surveys.services import close_survey

    client = client_for(peer)
    key = client_uuid_of(client.get(f"/surveys/{open_survey.pk}/fill/").content.decode())
    close_survey(open_survey, actor=world.owner)
    response = client.post(f"/surveys/{open_survey.pk}/fill/", {"client_uuid": key})
    assert response.status_code == 409
    assert "not taking answers" in response.content.decode()
    assert (
        'name="client_uuid"' not in client.get(f"/surveys/{open_survey.pk}/fill/").content.decode()
    )
    assert not SurveyResponse.unscoped.exists()


def test_viewers_cannot_fill_in(world, client_for, viewer, open_survey):
    response = client_for(viewer).post(f"/surveys/{open_survey.pk}/fill/", {})
    assert response.status_code == 403


# --- The public link ---------------------------------------------------------------------


def test_the_public_page_takes_answers_while_open_and_keeps_no_address(world, open_survey):
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="PhoneBrowser/1.0")
    url = f"/s/{open_survey.public_token}/"
    page = client.get(url)
    assert page.status_code == 200 and page["X-Robots-Tag"].startswith("noindex")
    html = page.content.decode()
    assert "How old are you?" in html and "How did you hear about us?" in html
    assert 'name="site"' not in html
    gender = question(open_survey, "gender")
    sent = client.post(url, {"client_uuid": client_uuid_of(html), f"q-{gender.pk}": "trans_woman"})
    assert sent.status_code == 302 and sent["Location"] == f"{url}?thanks=1"
    assert "Thank you" in client.get(sent["Location"]).content.decode()
    with scopes_disabled():
        response = SurveyResponse.objects.get()
        from waypoint.audit.models import AuditEvent

        event = AuditEvent.objects.get(action="survey.response.create")
    assert response.mode == "self" and response.site is None
    assert event.ip_address is None and event.actor is None
    assert "PhoneBrowser" not in str(event.extra)


def test_the_public_page_refuses_bad_answers(world, open_survey):
    client = Client()
    url = f"/s/{open_survey.public_token}/"
    key = client_uuid_of(client.get(url).content.decode())
    age = question(open_survey, "age_range")
    response = client.post(url, {"client_uuid": key, f"q-{age.pk}": "ancient"})
    assert response.status_code == 422
    assert "not one of the choices" in response.content.decode()
    assert not SurveyResponse.unscoped.exists()


def test_the_public_page_of_a_draft_or_closed_survey_takes_no_answers(world):
    from waypoint.surveys.services import close_survey

    draft = make_survey(world.program, world.owner)
    client = Client()
    page = client.get(f"/s/{draft.public_token}/").content.decode()
    assert "not started yet" in page and 'name="client_uuid"' not in page
    survey = make_survey(world.program, world.owner, open_it=True)
    key = client_uuid_of(client.get(f"/s/{survey.public_token}/").content.decode())
    close_survey(survey, actor=world.owner)
    page = client.get(f"/s/{survey.public_token}/").content.decode()
    assert "closed" in page and 'name="client_uuid"' not in page
    response = client.post(f"/s/{survey.public_token}/", {"client_uuid": key})
    assert "closed" in response.content.decode()
    assert not SurveyResponse.unscoped.exists()


def test_an_unknown_token_is_not_found(db):
    assert Client().get("/s/not-a-real-token/").status_code == 404


# --- Results -------------------------------------------------------------------------------


def _results_cells(html: str) -> list[str]:
    return re.findall(r'<td class="num">(.*?)</td>', html, re.S)


def test_results_are_exact_for_a_coordinator_and_refused_below(
    world, client_for, viewer, coordinator, open_survey
):
    for _ in range(12):
        submit(open_survey, {"overdose_6m": "no"}, site=world.site)
    for _ in range(2):
        submit(open_survey, {"overdose_6m": "yes"}, site=world.site)
    url = f"/surveys/{open_survey.pk}/results/"
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(world.member).get(url).status_code == 403
    exact = client_for(coordinator).get(url).content.decode()
    assert "Not for publication" in exact
    assert 'data-testid="total-responses">Responses: <strong>14</strong>' in exact
    overdose = exact.split("have you had an overdose?")[1].split("</table>")[0]
    assert ">12<" in overdose and ">2<" in overdose and "86%" in overdose


def test_the_fill_and_results_pages_take_a_fixed_number_of_queries(
    world, client_for, peer, coordinator, open_survey, django_assert_max_num_queries
):
    fill_url, results_url = (
        f"/surveys/{open_survey.pk}/fill/",
        f"/surveys/{open_survey.pk}/results/",
    )
    fill, results = client_for(peer), client_for(coordinator)
    # Sessions and sign-in checks settle on the first request.
    fill.get(fill_url)
    results.get(results_url)
    for n in range(5):
        submit(open_survey, {"gender": "woman", "race_ethnicity": ["white"], "reversals_6m": n})
    with django_assert_max_num_queries(10) as fill_queries:
        fill.get(fill_url)
    with django_assert_max_num_queries(12) as result_queries:
        results.get(results_url)
    for n in range(20):
        submit(open_survey, {"gender": "man", "reversals_6m": n % 7}, site=world.site)
    with django_assert_max_num_queries(len(fill_queries)):
        fill.get(fill_url)
    with django_assert_max_num_queries(len(result_queries)):
        results.get(results_url)
