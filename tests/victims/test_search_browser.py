"""A family member's search, in a real browser, in each interface language."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories import DeathFactory
from tests.factories import PublicPersonFactory
from tests.waiting import HUNG_AFTER_SECONDS

# A live server reads committed data, so these tests commit and the database is
# flushed after each; `reference_data` puts back what the data migrations created.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "archive_data"),
]


def wait_for(driver, selector: str) -> list:
    """The elements once the page that has them has loaded (Enter submits a form)."""
    return WebDriverWait(driver, HUNG_AFTER_SECONDS).until(
        ec.presence_of_all_elements_located((By.CSS_SELECTOR, selector))
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_search_from_the_home_page_and_open_the_result(browser, live_server, language):
    person = PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    DeathFactory(person=person)
    PublicPersonFactory(surname="Нұрланов", given_name="Ерлан")
    query, heading = {  # a family's spelling, and the heading of what happened
        "kk": ("Сәрсенбаев Әлібек", "Қаза табуы"),
        "ru": ("Сарсенбаев Алибек", "Гибель"),
        "en": ("sarsenbayev alibek", "Death"),
    }[language]

    browser.get(f"{live_server.url}/{language}/")
    box = browser.find_element(By.CSS_SELECTOR, "input[type=search]")
    assert browser.find_element(
        By.CSS_SELECTOR, f"label[for={box.get_attribute('id')}]"
    )
    box.send_keys(query, Keys.ENTER)

    results = wait_for(browser, "ol.results li a")
    assert [r.text for r in results] == ["Сәрсенбаев Әлібек Серікұлы"]
    results[0].click()

    WebDriverWait(browser, HUNG_AFTER_SECONDS).until(ec.url_contains("/people/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Сәрсенбаев Әлібек Серікұлы"
    assert heading in [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language


def test_the_search_works_with_the_keyboard_alone(browser, live_server):
    PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")

    browser.get(f"{live_server.url}/en/search/")
    active = browser.switch_to.active_element
    for _ in range(20):  # tab from the top of the page to the name box
        if active.get_attribute("name") == "q":
            break
        active.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
    assert active.get_attribute("name") == "q"
    active.send_keys("Sarsenbaev", Keys.ENTER)

    assert wait_for(browser, "ol.results li a")
