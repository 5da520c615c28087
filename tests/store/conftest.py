"""Stores to test against: SQLite in a temporary folder, and a real throwaway PostgreSQL."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from screening.engine.loader import load_questionnaire
from screening.engine.run.session import Session
from screening.engine.run.summary import build_summary
from screening.store import Submission, open_store
from tests.conftest import BUNDLED

ANSWERS = {
    "age": 45, "pain_duration": "2 years", "pain_average": 7, "pain_enjoyment": 6, "pain_activity": 8,
    "diagnoses": ["fibromyalgia"], "crps_symptoms": ["none"], "treatments_tried": ["antidepressants", "nsaids"],
    "treatment_relief": "little_or_none", "mood_interest": "not_at_all", "mood_down": "not_at_all",
    "self_harm_thoughts": "several_days", "mental_health": ["none"], "heart_condition": "no",
    "blood_pressure": "normal", "pregnant": "no", "liver_disease": "no", "eye_or_head_pressure": "no",
    "thyroid_overactive": "no", "substance_use": "no",
}  # fmt: skip


def make_submission(kiosk_id: str = "front-1") -> Submission:
    session = Session(load_questionnaire(str(BUNDLED)))
    for question_id, raw in ANSWERS.items():
        session.set_answer(question_id, raw)
    return Submission.from_summary(build_summary(session), kiosk_id=kiosk_id)


def _postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """initdb + pg_ctl as an unprivileged user, on loopback and a free port; removed afterwards."""

    def __init__(self) -> None:
        initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) are not installed")
        self.folder = Path(tempfile.mkdtemp(prefix="screening-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            os.chmod(self.folder, 0o777)
            as_user = ["runuser", "-u", "nobody", "--"]
        self.pg_ctl = [*as_user, pg_ctl, "-D", str(self.data)]
        subprocess.run([*as_user, initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"], check=True, capture_output=True)
        self.options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.start()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def fresh_database(self) -> str:
        import psycopg

        name = f"t{int(time.time() * 1000000)}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        subprocess.run([*self.pg_ctl, "-o", self.options, "-l", str(self.folder / "log"), "-w", "start"], check=True, capture_output=True)

    def halt(self) -> None:
        """Stop the server (as a restart or a crash would), keeping its data."""
        subprocess.run([*self.pg_ctl, "-m", "fast", "-w", "stop"], check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run([*self.pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    if not _postgres_bin("initdb"):
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are needed (.ci/run installs them)")
        pytest.skip("PostgreSQL is not installed")
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "submissions.db")
    return request.getfixturevalue("postgres").fresh_database()


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        yield opened
