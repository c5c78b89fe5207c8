"""End to end in a real headless Chromium, and a bounded load test on loopback."""

from __future__ import annotations

import shutil
import statistics
import threading
import time
from pathlib import Path

import httpx
import pytest

from kgqa import KnowledgeBase
from kgqa.deployment.server import create_app, load_tokens

from ..conftest import DATA, MOVIES
from ..serving import running

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (installed by .ci/run)",
)
def test_browser_ask_sign_in_and_correct(tmp_path: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    pack = shutil.copytree(MOVIES, tmp_path / "movies")
    kb = KnowledgeBase.open(pack, settings_factory())  # the real packaged reader
    # loaded now: on a fresh machine its one-time conversion would otherwise eat the browser's waits
    assert kb.reader is not None
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'chrome'}",
    ):
        options.add_argument(flag)
    with running(create_app(kb, load_tokens("erin:erin-secret-token"))) as url:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            wait = WebDriverWait(driver, 60)
            driver.get(url)
            driver.find_element(By.ID, "question").send_keys("Who directed Alien?")
            driver.find_element(By.ID, "ask-button").click()
            wait.until(ec.text_to_be_present_in_element((By.ID, "answer"), "Ridley Scott"))
            assert "Alien was directed by Ridley Scott." in driver.find_element(By.ID, "facts").text
            assert driver.find_elements(By.CSS_SELECTOR, "#path rect")  # the reasoning path is drawn

            question = driver.find_element(By.ID, "question")
            for text, answer, step in [
                ("Is Alien a horror film?", "yes", "verify("),
                ("How many films did Steven Spielberg direct?", "5", "count() = 5"),
                ("Which films directed by Steven Spielberg were released after 1980?", "Jurassic Park", "filter("),
            ]:
                question.clear()
                question.send_keys(text)
                driver.find_element(By.ID, "ask-button").click()
                wait.until(lambda d, t=text: d.find_element(By.ID, "result").get_attribute("data-question") == t)
                assert answer in driver.find_element(By.ID, "answer").text
                assert step in driver.find_element(By.ID, "program").text

            question = driver.find_element(By.ID, "question")
            question.clear()
            question.send_keys("Who produced Alien?")
            driver.find_element(By.ID, "ask-button").click()
            wait.until(
                lambda d: d.find_element(By.ID, "result").get_attribute("data-question") == "Who produced Alien?"
            )
            assert "Walter Hill" not in driver.find_element(By.ID, "answer").text  # wrong, or abstains

            driver.find_element(By.ID, "token").send_keys("erin-secret-token")
            driver.find_element(By.ID, "login-button").click()
            wait.until(ec.text_to_be_present_in_element((By.ID, "who"), "curator: erin"))
            driver.find_element(By.ID, "correct-subject").send_keys("Alien")
            driver.find_element(By.ID, "correct-predicate").send_keys("produced by")
            driver.find_element(By.ID, "correct-object").send_keys("Walter Hill")
            driver.find_element(By.ID, "correct-create").click()
            driver.find_element(By.ID, "correct-button").click()
            wait.until(ec.text_to_be_present_in_element((By.ID, "answer"), "Walter Hill"))
            assert "recorded change 0001" in driver.find_element(By.ID, "curate-status").text
            driver.save_screenshot(str(tmp_path / "page.png"))
        except Exception:
            driver.save_screenshot("/tmp/kgqa-browser-failure.png")
            print(driver.find_element(By.TAG_NAME, "body").text)
            raise
        finally:
            driver.quit()
    assert kb.curator.history()[0].curator == "erin"


def test_load_on_loopback(tmp_path: Path, settings_factory) -> None:  # type: ignore[no-untyped-def]
    pack = shutil.copytree(DATA / "rivers", tmp_path / "rivers")
    kb = KnowledgeBase.open(pack, settings_factory(reader="none"))
    requests_per_client, clients = 125, 16
    questions = [
        "Which cities does the Danube flow through?",
        "What is Wien the capital of?",
        "Where does the Rhine flow into?",
        "How long is the Thames?",
    ]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(n: int, base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            for i in range(requests_per_client):
                t = time.perf_counter()
                try:
                    if i % 4 == 3:
                        r = http.get("/entities", params={"q": "Danube"})
                    else:
                        r = http.post("/ask", json={"question": questions[(n + i) % len(questions)]})
                    ok = r.status_code == 200
                except httpx.HTTPError as e:
                    ok, r = False, None  # type: ignore[assignment]
                    errors.append(repr(e))
                with lock:
                    latencies.append(time.perf_counter() - t)
                    if not ok and r is not None:
                        errors.append(f"{r.status_code} {r.text[:100]}")

    with running(create_app(kb, {})) as base:
        start = time.perf_counter()
        threads = [threading.Thread(target=client, args=(n, base)) for n in range(clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(600)
        elapsed = time.perf_counter() - start
    total = clients * requests_per_client
    p95 = statistics.quantiles(latencies, n=20)[18]
    print(
        f"\nload: {total} requests from {clients} clients in {elapsed:.1f} s: {total / elapsed:.0f} req/s, "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, errors {len(errors)}"
    )
    assert len(latencies) == total
    assert errors == []
