"""Jobs in a real browser (Debian's Chromium, headless, Playwright): queue, cancel, history, reuse.

The studio runs in this process (``creator.ui.launch`` on a free loopback port) on a fresh
data dir with the real built-in GAN, one job worker and the real job service. The engine
is wrapped by :class:`GatedEngine`, a test-side observer: while a gate file exists each
run waits before its first step (reporting progress, so a cancel lands), which holds
creator A's job "running" for as long as the scenario needs; and it keeps every picture the
engine returned (the content before disclosure) to compare runs.

Scenario: A starts a job (held); an operator's job queues (position 1); B's job queues at
position 2; A cancels; the gate opens; the operator's and B's jobs complete. B reloads: the
history is still there; B downloads under the readable name; "Reuse settings" restores the
seed used; Generate again; the new output is the old one apart from its watermark id.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from ui_support import CHROMIUM, CREATOR, CREATOR_PW, OPERATOR, OPERATOR_PW, generate_fields, verify_on, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from browser_support import ARGS, shot as _shot, signed_in  # noqa: E402

from creator.auth import Role, UserStore  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402
from creator.studio import Studio  # noqa: E402
from server_support import launched  # noqa: E402

B, B_PW = "bea", "bea-creator-pw1"
_ARGS = ARGS
_T = 90_000
expect.set_options(timeout=_T)


@dataclass
class GatedEngine:
    """The real engine, held at its start while ``gate`` exists; keeps what it returned per seed."""

    inner: object
    gate: Path
    made: list = field(default_factory=list)  # (seed, [RGB arrays]) of every completed run

    def __getattr__(self, name):  # name, model_id, model_version, description, modes: the real engine's
        return getattr(self.inner, name)

    def generate(self, call, progress=None):
        while self.gate.exists():
            if progress is not None:
                progress(0, max(1, call.steps))  # the studio's cancel check runs here
            time.sleep(0.05)
        images = self.inner.generate(call, progress)
        self.made.append((call.seed, [np.asarray(im.convert("RGB")).copy() for im in images]))
        return images


@dataclass
class Server:
    url: str
    settings: StudioSettings
    engine: GatedEngine
    work: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory, gan_engine) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("browser-jobs")
    settings = StudioSettings(data_dir=work / "data", torch_threads=1)
    users = UserStore.from_settings(settings)
    users.add(OPERATOR, Role.OPERATOR, OPERATOR_PW)
    users.add(CREATOR, Role.CREATOR, CREATOR_PW)
    users.add(B, Role.CREATOR, B_PW)
    gate = work / "gate"
    engine = GatedEngine(gan_engine, gate)
    studio = Studio(settings, engines={"gan": lambda r: engine})
    with launched(settings, store=users, studio=studio) as url:
        yield Server(url, settings, engine, work)
        gate.unlink(missing_ok=True)






def _page(browser, url: str, user: str, password: str) -> Page:
    return signed_in(browser, url, user, password, timeout=_T)


def _generate(page: Page, prompt: str) -> None:
    page.get_by_label("Prompt", exact=True).fill(prompt)
    page.get_by_role("button", name="Generate", exact=True).click()


def _shown_job(page: Page) -> str:
    """The id of the job the page's status line follows."""
    return re.search(r"Job (job_[0-9a-f]{16})", page.locator("#job-status").inner_text()).group(1)


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).copy()


def test_queue_cancel_history_and_reuse_in_the_browser(server: Server) -> None:
    from gradio_client import Client

    server.engine.gate.touch()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS, headless=True)
        try:
            a = _page(browser, server.url, CREATOR, CREATOR_PW)
            b = _page(browser, server.url, B, B_PW)

            # A's job runs (held at its start by the gate)
            _generate(a, "a harbour at dawn, fishing boats")
            expect(a.locator("#job-status")).to_contain_text("running")
            expect(a.locator("#cancel-job")).to_be_visible()

            # an operator's job (through the API) queues first, then B's: position 2
            op = Client(server.url, auth=(OPERATOR, OPERATOR_PW), verbose=False, download_files=str(server.work / "op"))
            op_job = op.predict(**generate_fields(seed=3, prompt="a lighthouse"), api_name="/submit_job")[0]
            _generate(b, "a quiet street after rain")
            expect(b.locator("#job-status")).to_contain_text("queued, position 2 in the queue")
            _shot(b, "jobs-queued-position-2")

            # A cancels while running; the queue moves; B's job completes
            a.locator("#cancel-job").click()
            expect(a.locator("#job-status")).to_contain_text("cancelled, nothing was published")
            expect(a.locator("#cancel-job")).to_be_hidden()
            _shot(a, "jobs-cancelled")
            server.engine.gate.unlink()
            assert "done" in _wait_api(op, op_job)
            expect(b.locator("#job-status")).to_contain_text("done, 1 signed output(s), seed ")
            expect(b.locator("#output-verification")).to_contain_text("C2PA: Trusted")
            b_job = _shown_job(b)
            first_seed = int(re.search(r"seed (\d+)", b.locator("#job-status").inner_text()).group(1))
            _shot(b, "jobs-done")

            # reload: the history comes from the registry
            b.reload()
            expect(b.get_by_text(f"Signed in as {B}")).to_be_visible()
            b.get_by_role("tab", name="My outputs").click()
            table = b.locator("#history-table")
            expect(table).to_contain_text(b_job)
            expect(table).not_to_contain_text("harbour")  # A's job is not B's to see
            expect(b.locator("#history-gallery img")).to_have_count(1)
            _shot(b, "history-after-reload")

            # download under the readable name (the stored file keeps its content hash name)
            link = table.get_by_role("link").first
            with b.expect_download() as dl:
                link.click()
            name = dl.value.suggested_filename
            assert re.fullmatch(rf"consent-studio_\d{{4}}-\d\d-\d\d_\d{{4}}_seed-{first_seed}_[0-9a-f]{{8}}\.png", name), name
            saved = server.work / "downloads" / name
            dl.value.save_as(saved)
            report = verify_on(server.settings, saved)
            assert report.ok and report.c2pa_state == "Trusted", report.reasons

            # pick the thumbnail, verify, reuse its settings, generate again
            b.locator("#history-gallery img").first.click()
            expect(b.locator("#history-job textarea, #history-job input").first).to_have_value(b_job)
            b.get_by_role("button", name="Verify", exact=True).click()
            expect(b.locator("#history-verify-summary")).to_contain_text("OK")
            b.get_by_role("button", name="Reuse settings").click()
            expect(b.get_by_role("tab", name="Generate")).to_have_attribute("aria-selected", "true")
            b.get_by_role("button", name=re.compile(r"^Generation settings")).click()
            expect(b.get_by_label("Seed (-1: random)")).to_have_value(str(first_seed))
            expect(b.get_by_label("Prompt", exact=True)).to_have_value("a quiet street after rain")
            _shot(b, "reuse-settings")
            b.get_by_role("button", name="Generate", exact=True).click()
            expect(b.locator("#job-status")).to_contain_text(f"done, 1 signed output(s), seed {first_seed}")
            second_job = _shown_job(b)
            assert second_job != b_job

            # a denied job: the status line and the decision panel with every reason, no files, no pop-up
            box = a.get_by_label("Subjects depicted", exact=True)
            box.click()
            box.fill("nobody-registered")
            box.press("Enter")
            _generate(a, "a portrait")
            expect(a.locator("#job-status")).to_contain_text("denied, nothing was generated")
            expect(a.locator("#job-status")).to_contain_text("The decision below says what to do.")
            expect(a.locator(".toast-body")).to_have_count(0)
            expect(a.locator("#decision")).to_contain_text("nobody-registered")
            expect(a.locator("#gallery img")).to_have_count(0)
            _shot(a, "jobs-denied")
        finally:
            browser.close()
    _same_image_apart_from_the_watermark(server, b_job, second_job, first_seed, saved)


def test_a_reload_while_jobs_run_shows_them_again_in_progress(server: Server) -> None:
    """A reloads while their job runs, B while theirs is queued: each page follows its own
    job again (state, position, Cancel), and the reloaded Cancel stops it."""
    server.engine.gate.touch()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS, headless=True)
            try:
                a = _page(browser, server.url, CREATOR, CREATOR_PW)
                b = _page(browser, server.url, B, B_PW)
                _generate(a, "a pier in fog")
                expect(a.locator("#job-status")).to_contain_text("running")
                a_job = _shown_job(a)
                _generate(b, "a market at noon")
                expect(b.locator("#job-status")).to_contain_text("queued, position 1 in the queue")

                a.reload()
                b.reload()
                expect(a.get_by_text(f"Signed in as {CREATOR}")).to_be_visible()
                expect(a.locator("#job-status")).to_contain_text(f"Job {a_job}: running")
                expect(a.locator("#cancel-job")).to_be_visible()
                expect(b.locator("#job-status")).to_contain_text("queued, position 1 in the queue")
                expect(b.locator("#cancel-job")).to_be_visible()
                # and the form holds the job's settings again, not an empty one (user audit)
                expect(a.get_by_label("Prompt", exact=True)).to_have_value("a pier in fog")
                expect(b.get_by_label("Prompt", exact=True)).to_have_value("a market at noon")
                _shot(a, "jobs-after-reload-running")

                a.locator("#cancel-job").click()
                expect(a.locator("#job-status")).to_contain_text("cancelled, nothing was published")
                server.engine.gate.unlink()
                expect(b.locator("#job-status")).to_contain_text("done, 1 signed output(s), seed ")  # its poll resumed
                expect(b.locator("#cancel-job")).to_be_hidden()
            finally:
                browser.close()
    finally:
        server.engine.gate.unlink(missing_ok=True)


def test_a_page_of_another_studio_process_follows_the_running_job_with_its_step(server: Server) -> None:
    """Two studio servers on one data dir (a load balancer's two processes): A's job runs in the
    first; A's page on the second finds it on load and shows the step the first reported, and its
    Cancel reaches the job through the registry."""
    second = launched(server.settings, what="the second studio", store=UserStore.from_settings(server.settings),
                      studio=Studio(server.settings, engines={"gan": lambda r: server.engine}))
    with second as other_url:
        server.engine.gate.touch()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS, headless=True)
                try:
                    a = _page(browser, server.url, CREATOR, CREATOR_PW)
                    _generate(a, "a ferry in the rain")
                    expect(a.locator("#job-status")).to_contain_text("running, generate 0/")
                    a_job = _shown_job(a)
                    time.sleep(1.5)  # the first studio's service writes its progress at most once a second

                    elsewhere = _page(browser, other_url, CREATOR, CREATOR_PW)
                    expect(elsewhere.locator("#job-status")).to_contain_text(f"Job {a_job}: running, generate 0/")
                    expect(elsewhere.locator("#cancel-job")).to_be_visible()
                    _shot(elsewhere, "jobs-followed-from-another-process")
                    elsewhere.locator("#cancel-job").click()
                    expect(elsewhere.locator("#job-status")).to_contain_text("cancelled, nothing was published")
                    expect(a.locator("#job-status")).to_contain_text("cancelled, nothing was published")
                finally:
                    browser.close()
        finally:
            server.engine.gate.unlink(missing_ok=True)


def _wait_api(client, job_id: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while True:
        status = client.predict(job_id, api_name="/job_status")[0]
        if "queued" not in status and "running" not in status:
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.5)


def _same_image_apart_from_the_watermark(server: Server, first: str, second: str, seed: int, saved: Path) -> None:
    """The comparison: the two runs' engine pictures (before disclosure) are identical, and each
    published file's pixels are exactly that picture with the visible label and *its own*
    watermark id embedded, so the files differ only by the per-output watermark id."""
    from consent.registry import Registry
    from creator.disclosure.label import label_from_settings
    from creator.disclosure.watermark import Watermarker
    from creator.jobs.model import Job

    with Registry.from_settings(server.settings) as reg:
        jobs = [Job.from_record(reg.get_job(j)) for j in (first, second)]
    assert [j.seed for j in jobs] == [seed, seed]
    assert {k: v for k, v in jobs[0].settings.items() if k != "seed"} == {k: v for k, v in jobs[1].settings.items() if k != "seed"}
    runs = [imgs for s, imgs in server.engine.made if s == seed]
    assert len(runs) == 2 and len(runs[0]) == len(runs[1]) == 1
    assert runs[0][0].tobytes() == runs[1][0].tobytes()  # the pre-disclosure content, byte for byte
    marker = Watermarker(server.settings.watermark_key())
    outs = [j.outputs[0] for j in jobs]
    assert Path(outs[0].location).read_bytes() == saved.read_bytes()  # the download is the stored file
    assert re.fullmatch(r"[0-9a-f]{64}\.png", Path(outs[0].location).name)  # which keeps its content-addressed name
    assert outs[0].watermark_payload != outs[1].watermark_payload and outs[0].sha256 != outs[1].sha256
    labelled, _place = label_from_settings(Image.fromarray(runs[0][0]), server.settings, real_person_depicted=False)
    for o in outs:
        expected = np.asarray(marker.embed(labelled, o.watermark_payload).convert("RGB"))
        assert np.array_equal(_pixels(Path(o.location)), expected), f"output {o.sha256[:8]} is not label + its own watermark"
    assert not np.array_equal(_pixels(Path(outs[0].location)), _pixels(Path(outs[1].location)))  # the ids do differ

