import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from twinning.settings import env_bool, env_choice, env_int


def test_a_yes_no_variable_that_is_neither_fails_loudly_naming_it(monkeypatch) -> None:
    monkeypatch.setenv("TWINNING_REQUIRE_MFA", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="TWINNING_REQUIRE_MFA"):
        env_bool("TWINNING_REQUIRE_MFA", False)


def test_a_number_variable_that_is_not_a_number_fails_loudly_naming_it(monkeypatch) -> None:
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 587)


def test_a_mode_outside_the_known_ones_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("TWINNING_MODE", "staging")
    with pytest.raises(ImproperlyConfigured, match="TWINNING_MODE"):
        env_choice("TWINNING_MODE", "development", ("development", "demo", "production"))


def _twinning(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TWINNING_", "DJANGO_"))}
    for key in ("SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "DEFAULT_FROM_EMAIL", "DEBUG"):
        clean.pop(key, None)
    return subprocess.run(
        [sys.executable, "-m", "twinning.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_an_unsafe_production_configuration_and_names_each_variable(
    tmp_path,
) -> None:
    result = _twinning("serve", TWINNING_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"):
        assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_a_safe_production_configuration_passes_djangos_checks(tmp_path) -> None:
    result = _twinning(
        "check",
        TWINNING_MODE="production",
        TWINNING_DATA_DIR=str(tmp_path),
        SECRET_KEY="k" * 20 + "-a-long-random-production-secret-value",
        ALLOWED_HOSTS="twinning.example.org",
        EMAIL_HOST="smtp.example.org",
        DEFAULT_FROM_EMAIL="Twinning <hello@twinning.example.org>",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_other_subcommands_are_handed_to_django(tmp_path) -> None:
    result = _twinning("showmigrations", "accounts", TWINNING_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "0001_initial" in result.stdout


def test_env_example_lists_every_variable_the_settings_read() -> None:
    import re
    from pathlib import Path

    import twinning.settings

    source = Path(twinning.settings.__file__).read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z_]+)"', source))
    example = Path(__file__).parents[1] / ".env.example"
    listed = set(re.findall(r"^([A-Z_]+)=", example.read_text(), flags=re.MULTILINE))
    assert read - listed == set()


def test_a_shared_cache_address_that_is_not_redis_is_refused_by_name(tmp_path) -> None:
    result = _twinning(
        "check", TWINNING_DATA_DIR=str(tmp_path), TWINNING_REDIS_URL="127.0.0.1:6379"
    )
    assert result.returncode == 2
    assert "TWINNING_REDIS_URL must be a redis://" in result.stderr
    assert "Traceback" not in result.stderr
