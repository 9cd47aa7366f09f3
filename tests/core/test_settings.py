"""The production profile must be safe by default: `check --deploy` clean, secret key required."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CITYLOOP_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_profile__passes_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CITYLOOP_ENV="production",
        CITYLOOP_SECRET_KEY="x7$kq!v2-" + "a9Zr" * 12,
        CITYLOOP_ALLOWED_HOSTS="cityloop.example.gov.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_profile__refuses_to_start_without_secret_key():
    result = run_manage("check", CITYLOOP_ENV="production")
    assert result.returncode != 0
    assert "CITYLOOP_SECRET_KEY" in result.stderr


def test_unknown_profile__is_refused_with_the_allowed_names():
    result = run_manage("check", CITYLOOP_ENV="staging")
    assert result.returncode != 0
    assert "production, demo or test" in result.stderr


def test_settings__language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_healthz__reports_database_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
