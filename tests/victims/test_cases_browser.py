"""A criminal case's page and a submitter's answer to the moderators, in a real
browser, in Kazakh and in Russian."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from submissions.actions import intake
from submissions.actions import moderation
from submissions.models import Reply
from submissions.models import Status
from submissions.models import Submission
from tests.factories import CriminalCaseFactory
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.waiting import HUNG_AFTER_SECONDS
from victims.models import Defendant
from victims.models import Hearing

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
HEADINGS = {
    "kk": ("Сотталушылар", "Сот отырыстары"),
    "ru": ("Подсудимые", "Судебные заседания"),
}
ANSWERED = {"kk": "Рахмет: жауабыңыз", "ru": "Спасибо: ваш ответ"}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_visitor_reads_a_case_and_opens_a_defendant(
    browser,
    live_server,
    language,
):
    case = CriminalCaseFactory(number="INV-2022-0272", articles=["272 part 2"])
    person = PublicPersonFactory(surname="Жұмабеков", given_name="Данияр")
    Defendant.objects.create(case=case, person=person, role="protester")
    Hearing.objects.create(case=case, held_on="2022-06-01", what_happened="Invented")

    browser.get(f"{live_server.url}/{language}{case.get_absolute_url()[3:]}")

    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert all(heading in headings for heading in HEADINGS[language]), headings
    assert "2022" in browser.find_element(By.CSS_SELECTOR, "ol.records").text
    browser.find_element(By.LINK_TEXT, "Жұмабеков Данияр Серікұлы").click()
    WebDriverWait(browser, HUNG_AFTER_SECONDS).until(ec.url_contains("/people/"))
    assert "INV-2022-0272" in browser.find_element(By.ID, "cases").text


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_submitter_answers_the_moderators_question(
    browser,
    live_server,
    language,
):
    submission, receipt = intake.receive_submission(
        kind="new_person",
        fields={
            "surname": "Сәрсенбаев",
            "given_name": "Әлібек",
            "account": "An invented account.",
            "naming": "initials",
            "happened": ["killed"],
        },
        files=[],
        contact_text="",
        language=language,
    )
    moderation.ask_for_more_information(
        submission,
        moderator=UserFactory(role="moderator"),
        note="Which hospital? (invented)",
    )

    browser.get(f"{live_server.url}/{language}/submissions/status/")
    browser.find_element(By.NAME, "code").send_keys(receipt)
    browser.find_element(By.NAME, "code").submit()
    WebDriverWait(browser, HUNG_AFTER_SECONDS).until(
        ec.presence_of_element_located((By.TAG_NAME, "blockquote"))
    )
    assert "Which hospital?" in browser.find_element(By.TAG_NAME, "blockquote").text
    browser.find_element(By.NAME, "text").send_keys("An invented hospital.")
    browser.find_element(By.CSS_SELECTOR, "section form button").click()
    WebDriverWait(browser, HUNG_AFTER_SECONDS).until(
        ec.text_to_be_present_in_element((By.TAG_NAME, "main"), ANSWERED[language])
    )
    assert Reply.objects.get().text == "An invented hospital."
    assert Submission.objects.get().status == Status.IN_REVIEW
