"""A moderator asks for more information; the submitter reads the question on the
status page (or partners through the API) and answers with the receipt code."""

import pytest
from django.db import transaction
from django.test import Client

from submissions.models import Decision
from submissions.models import Reply
from submissions.models import Status
from submissions.models import Submission
from tests.submissions.test_api import SUBMISSION
from tests.submissions.test_api import _partner
from tests.submissions.test_submissions import QUEUE
from tests.submissions.test_submissions import receipt_of
from tests.submissions.test_submissions import send

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")
STATUS = "/en/submissions/status/"
QUESTION = "Which hospital was he taken to? (invented question)"


def ask(moderator_client, submission: Submission, note: str = QUESTION):
    return moderator_client.post(
        f"{QUEUE}{submission.pk}/decide/",
        {"action": "more_information", "note": note},
    )


def test_the_submitter_reads_the_question_and_answers_it(moderator_client):
    receipt = receipt_of(send(Client()))
    submission = Submission.objects.get()
    ask(moderator_client, submission)
    page = Client().post(STATUS, {"code": receipt})
    assert page.status_code == 200
    assert "More information needed" in page.text and QUESTION in page.text
    answer = Client().post(
        STATUS, {"code": receipt, "text": "An invented hospital in Almaty."}
    )
    assert answer.status_code == 200
    assert "your answer was added" in answer.text
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW
    reply = Reply.objects.get()
    assert reply.submission == submission and reply.text.startswith("An invented")
    assert reply.question == Decision.objects.get(action="more_information")
    # The question is answered: the status page no longer offers to answer.
    again = Client().post(STATUS, {"code": receipt})
    assert "In review" in again.text and QUESTION not in again.text
    # The queue shows it.
    listing = moderator_client.get(QUEUE, {"answered": "yes"})
    assert listing.status_code == 200 and "1 submission" in listing.text
    review = moderator_client.get(f"{QUEUE}{submission.pk}/change/")
    assert "An invented hospital in Almaty." in review.text


def test_a_reply_nobody_asked_for_is_refused_and_nothing_is_stored(db):
    receipt = receipt_of(send(Client()))
    answer = Client().post(STATUS, {"code": receipt, "text": "Unasked."})
    assert answer.status_code == 400
    assert "not waiting for an answer" in answer.text
    wrong = Client().post(STATUS, {"code": "AAAA-BBBB-CCCC-DDDD", "text": "x"})
    assert wrong.status_code == 400
    assert not Reply.objects.exists()
    assert Submission.objects.get().status == Status.RECEIVED


def test_an_empty_answer_is_a_form_error(moderator_client):
    receipt = receipt_of(send(Client()))
    ask(moderator_client, Submission.objects.get())
    answer = Client().post(STATUS, {"code": receipt, "text": "  "})
    assert answer.status_code == 400
    assert "This field is required" in answer.text and QUESTION in answer.text
    assert not Reply.objects.exists()


def test_the_status_page_shows_no_decision_note_but_the_question(moderator_client):
    receipt = receipt_of(send(Client()))
    submission = Submission.objects.get()
    moderator_client.post(
        f"{QUEUE}{submission.pk}/decide/",
        {"action": "review", "note": "invented internal note: check the list"},
    )
    page = Client().post(STATUS, {"code": receipt})
    assert "In review" in page.text and "invented internal note" not in page.text


def test_a_note_typed_with_start_review_is_kept(moderator_client):
    send(Client())
    submission = Submission.objects.get()
    moderator_client.post(
        f"{QUEUE}{submission.pk}/decide/",
        {"action": "review", "note": "invented: compare with the 2022 list"},
    )
    decision = Decision.objects.get()
    assert decision.action == "review"
    assert decision.note == "invented: compare with the 2022 list"


def test_replies_are_never_changed_or_deleted(moderator_client):
    receipt = receipt_of(send(Client()))
    ask(moderator_client, Submission.objects.get())
    Client().post(STATUS, {"code": receipt, "text": "An invented answer."})
    reply = Reply.objects.get()
    refused = pytest.raises(Exception, match="replies_are_append_only")
    with refused, transaction.atomic():
        Reply.objects.filter(pk=reply.pk).update(text="changed")
    refused = pytest.raises(Exception, match="replies_are_append_only")
    with refused, transaction.atomic():
        Reply.objects.filter(pk=reply.pk).delete()


def test_a_partner_reads_the_question_and_answers_through_the_api(
    moderator_client,
):
    client = _partner("submit")
    sent = client.post(
        "/api/v1/submissions/", SUBMISSION, content_type="application/json"
    ).json()
    url = f"/api/v1/submissions/{sent['id']}/"
    early = client.post(f"{url}reply/", {"text": "x"}, content_type="application/json")
    assert early.status_code == 400 and "text" in early.json()
    assert client.get(url).json()["question"] == ""
    ask(moderator_client, Submission.objects.get())
    assert client.get(url).json()["question"] == QUESTION
    empty = client.post(f"{url}reply/", {"text": ""}, content_type="application/json")
    assert empty.status_code == 400 and "text" in empty.json()
    answer = client.post(
        f"{url}reply/",
        {"text": "An invented answer from the hotline."},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json()["status"] == "in_review" and answer.json()["question"] == ""
    assert Reply.objects.get().text == "An invented answer from the hotline."
    for stranger in (Client(), _partner("submit"), _partner("read:public")):
        refused = stranger.post(
            f"{url}reply/", {"text": "x"}, content_type="application/json"
        )
        assert refused.status_code in (401, 403, 404)
    assert Reply.objects.count() == 1
