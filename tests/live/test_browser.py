"""The HTML pages in a real headless browser: Debian's chromium driven by Selenium
through /usr/bin/chromedriver (named explicitly: Selenium Manager's downloads cannot
reach out), against `briefing-kg serve` running on 127.0.0.1."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.live]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PERSON = "person/akylbay-serik"
SCREENSHOTS = Path(os.environ.get("BRIEFING_KG_SCREENSHOTS", tempfile.gettempdir()))


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    from tests.live.server import serving_the_shipped_data as running_server

    with running_server(tmp_path_factory.mktemp("browser-server")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1600", f"--user-data-dir={profile}", "--lang=en-US"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def test_entity_page_shows_the_kk_and_ru_names(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(f"{base}id/{PERSON}")  # the 303 is followed like any link
    assert browser.current_url.startswith(f"{base}doc/{PERSON}")
    names = {dd.get_attribute("lang"): dd.text for dd in browser.find_elements(By.CSS_SELECTOR, "dl.names dd")}
    assert names["kk"] == "Серік Ақылбай"
    assert names["ru"] == "Серік Ақылбай"
    marks = browser.find_elements(By.CSS_SELECTOR, "section.version blockquote mark")
    assert marks and {m.text for m in marks} == {"Серік Ақылбай"}
    browser.save_screenshot(str(SCREENSHOTS / "briefing-kg-entity.png"))
    assert console_errors(browser) == []


def test_language_switch(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(f"{base}doc/{PERSON}?lang=en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "Names" in [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    for code, heading in (("ru", "Названия"), ("kk", "Атаулары"), ("en", "Names")):
        browser.find_element(By.CSS_SELECTOR, f'nav.lang-switch a[hreflang="{code}"]').click()
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == code
        assert heading in [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
        current = browser.find_element(By.CSS_SELECTOR, "nav.lang-switch a[aria-current]")
        assert current.text.lower() == code
    assert console_errors(browser) == []


def test_following_links_from_the_entity_page(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(f"{base}doc/{PERSON}?lang=ru")
    link = browser.find_element(By.CSS_SELECTOR, 'table.props a[href^="/doc/organization/"]')
    target = link.get_attribute("href")
    link.click()
    assert browser.current_url == target
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert console_errors(browser) == []


def test_query_page_runs_a_query_and_shows_its_table(browser, base):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{base}sparql")
    editor = browser.find_element(By.ID, "sparql-query")
    editor.clear()
    editor.send_keys(
        "PREFIX schema: <https://schema.org/>\n"
        "SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name . "
        'FILTER(lang(?name) = "kk") } ORDER BY ?name')
    browser.find_element(By.ID, "sparql-run").click()
    table = WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.results")))
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["?person", "?name"]
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 5
    names = [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]
    assert any(name.startswith("Серік Ақылбай") for name in names), names
    # a result links to the entity page
    link = table.find_element(By.CSS_SELECTOR, f'a[href$="{PERSON}"]')
    link.click()
    assert "/doc/" in browser.current_url or "/id/" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "dl.names dd[lang=kk]").text == "Серік Ақылбай"
    assert console_errors(browser) == []


def test_landing_page(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(f"{base}?lang=kk")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Брифингтер білім графы"
    person_card = browser.find_element(By.CSS_SELECTOR, '.main-counts a[title="https://schema.org/Person"]')
    count = person_card.find_element(By.XPATH, "../..").find_element(By.CSS_SELECTOR, ".count").text
    assert count == "5"
    browser.save_screenshot(str(SCREENSHOTS / "briefing-kg-home.png"))
    browser.find_element(By.CSS_SELECTOR, 'nav.site-nav a[href="/dumps/?lang=kk"]').click()
    assert browser.find_elements(By.CSS_SELECTOR, "table.files tbody tr")
    assert console_errors(browser) == []
