"""Store URLs are redacted wherever they are printed: the netloc's password and secret query values."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.store import StoreError, open_store, redact_url
from tests.conftest import run_cli

SECRETS = ("hunter2", "s3cr3t", "t0ken", "k3y")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ann:hunter2@db.example:5432/clinic", "postgresql://ann:***@db.example:5432/clinic"),
        ("postgresql://ann@db.example/clinic?password=hunter2", "postgresql://ann@db.example/clinic?password=***"),
        (
            "postgres://ann:hunter2@db/clinic?sslmode=require&password=s3cr3t&sslpassword=k3y",
            "postgres://ann:***@db/clinic?sslmode=require&password=***&sslpassword=***",
        ),
        ("postgresql://db/clinic?PassWord=hunter2&auth_token=t0ken", "postgresql://db/clinic?PassWord=***&auth_token=***"),
        ("postgresql://ann:hunter2@[::1]:5432/clinic", "postgresql://ann:***@[::1]:5432/clinic"),
        ("postgresql://ann:hunter2@db:notaport/clinic", "postgresql://ann:***@db:notaport/clinic"),
        ("host=db user=ann password=hunter2 dbname=clinic", "host=db user=ann password=*** dbname=clinic"),
        ("sqlite:///relative/s.db", "sqlite:///relative/s.db"),
        ("/var/lib/screening/submissions.db", "/var/lib/screening/submissions.db"),
    ],
)
def test_redact_url(url, shown):
    assert redact_url(url) == shown


@settings(max_examples=200, deadline=None)
@given(
    password=st.text(alphabet=st.characters(codec="ascii", categories=("L", "N")), min_size=6, max_size=20),
    where=st.sampled_from(["netloc", "query", "both"]),
)
def test_no_password_survives(password, where):
    netloc = f"ann:{password}@db" if where in ("netloc", "both") else "ann@db"
    query = f"?sslmode=require&password={password}" if where in ("query", "both") else ""
    url = f"postgresql://{netloc}/clinic{query}"
    assert password not in redact_url(url).replace("postgresql", "").replace("sslmode=require", "").replace("clinic", "")
    assert password not in str(StoreError(f"{url}: cannot connect")).replace("postgresql", "").replace("sslmode=require", "").replace("clinic", "")


def test_every_store_error_is_redacted_where_it_is_made():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://ann@127.0.0.1:1/none?password=hunter2&sslpassword=s3cr3t")
    text = str(caught.value)
    assert "cannot connect" in text and "127.0.0.1" in text
    assert not any(secret in text for secret in SECRETS)
    with pytest.raises(StoreError) as caught:
        open_store("mysql://ann:hunter2@db/clinic?password=s3cr3t")
    assert "mysql://ann:***@db/clinic?password=***" in str(caught.value)


@pytest.mark.parametrize("action", [["list"], ["export"], ["check"]])
def test_the_cli_never_prints_the_password(action):
    url = "postgresql://ann:hunter2@127.0.0.1:1/none?password=s3cr3t&sslpassword=k3y"
    result = run_cli("submissions", *action, "--store", url)
    assert result.returncode == 1
    assert "cannot connect" in result.stderr
    assert not any(secret in result.stderr + result.stdout for secret in SECRETS)


def test_evaluate_and_kiosk_never_print_the_password(tmp_path):
    from tests.conftest import BUNDLED
    from tests.store.conftest import ANSWERS

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    url = "postgresql://ann@127.0.0.1:1/none?password=hunter2"
    result = run_cli("evaluate", str(BUNDLED), "--answers", str(answers), "--store", url)
    assert result.returncode == 1 and "hunter2" not in result.stderr and "password=***" in result.stderr
    config = tmp_path / "config"
    assert run_cli("staff-pin", "--config", str(config), stdin="2468\n").returncode == 0
    result = run_cli("kiosk", "--config", str(config), "--store", url)
    assert result.returncode == 1 and "hunter2" not in result.stderr and "cannot connect" in result.stderr
