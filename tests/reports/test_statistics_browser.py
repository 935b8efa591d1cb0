"""The statistics page in a real browser, in each interface language: its charts
are drawn (SVG with marks and text) and readable without JavaScript."""

import pytest
from selenium.webdriver.common.by import By

from tests.factories import DeathFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "archive_data"),
]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_statistics_page_shows_its_charts(browser, live_server, language):
    heading, day = {  # the chart's heading, and a day on its axis
        "kk": ("Күн бойынша қаза тапқандар", "5 қаңтар"),
        "ru": ("Смерти по дням", "5 января"),
        "en": ("Deaths by day", "5 January"),
    }[language]
    DeathFactory()
    DeathFactory(occurred_on="2022-01-06", cause="beating")

    browser.get(f"{live_server.url}/{language}/statistics/")

    section = browser.find_element(By.ID, "deaths-by-day")
    assert section.find_element(By.TAG_NAME, "h2").text == heading
    chart = section.find_element(By.CSS_SELECTOR, "figure svg")
    assert chart.is_displayed()
    assert chart.size["width"] > 100 and chart.size["height"] > 100
    assert chart.find_elements(By.CSS_SELECTOR, "path, rect")
    assert day in chart.text  # the axis labels, translated
    timeline = browser.find_element(By.CSS_SELECTOR, "#timeline figure svg")
    assert timeline.is_displayed()
    assert timeline.find_elements(By.CSS_SELECTOR, "a")  # points link to sources
