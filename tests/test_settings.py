"""Settings from the environment: the security headers, HTTPS, and what check --deploy says."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

import ficshelf

# The environment docs/deploy.md lists for a public archive (the database is never reached).
PRODUCTION = {
    "DATABASE_URL": "postgres://ficshelf:PASSWORD@127.0.0.1:5432/ficshelf",
    "SECRET_KEY": "kJ3v9Qm2Lx7Rt5Wz8Np4Hs6Bd1Fg0Yc3Ve7Ua9Xo2Ki5Mj8Ln4Pq6Rs1Tu3Vw5Xy7Za9",
    "ALLOWED_HOSTS": "fic.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://fic.example.org",
    "SITE_URL": "https://fic.example.org",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
}
PACKAGE = Path(ficshelf.__file__).parent
# Mail templates are left out: mail clients need inline styles, and no CSP applies there.
PAGE_TEMPLATES = sorted(
    p for p in PACKAGE.glob("**/templates/**/*.html") if not p.name.endswith("_email.html")
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>")
HANDLER = re.compile(r"\son[a-z]+\s*=")


def run(tmp_path: Path, argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run Python in a fresh process: settings read the environment once, at import."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, *argv],
        env=clean | {"FICSHELF_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "ficshelf.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def the_settings(tmp_path: Path, *names: str, **env: str) -> list[str]:
    code = f"from django.conf import settings; print(*[repr(getattr(settings, n)) for n in {names!r}], sep='\\n')"
    result = run(tmp_path, ["-c", code], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.django_db
def test_it_lets_only_the_archives_own_scripts_and_styles_run():
    response = Client().get("/works/")
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy == {
        "default-src": "'self'",  # scripts, styles, fonts, fetch(): the archive's own
        "img-src": "'self' https: http: data:",  # story images from the web; the empty favicon
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_page_template_holds_inline_script_handlers_or_styles(template):
    """The policy blocks them, so a page that had one would silently lose it."""
    html = template.read_text()
    assert not INLINE_SCRIPT.search(html)
    assert not HANDLER.search(html)
    assert "style=" not in html and "<style" not in html


@pytest.mark.slow
def test_the_deploy_check_finds_nothing_with_production_settings(tmp_path):
    result = run(tmp_path, ["-m", "ficshelf.cli", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_an_https_site_url_turns_on_the_redirect_hsts_and_secure_cookies(tmp_path):
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert the_settings(tmp_path, *names, SITE_URL="https://fic.example.org") == [
        "True",
        "31536000",
        "True",
        "True",
    ]
    assert the_settings(tmp_path, *names, SITE_URL="http://127.0.0.1:8000") == [
        "False",
        "0",
        "False",
        "False",
    ]


@pytest.mark.slow
def test_trusted_proxies_are_read_as_networks_and_a_bad_entry_says_what_is_wrong(tmp_path):
    proxies = the_settings(tmp_path, "TRUSTED_PROXIES", TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8,")
    assert proxies == ["(IPv4Network('127.0.0.1/32'), IPv4Network('10.0.0.0/8'))"]
    assert the_settings(tmp_path, "TRUSTED_PROXIES", TRUSTED_PROXIES="") == ["()"]
    result = run(tmp_path, ["-m", "ficshelf.cli", "check"], {"TRUSTED_PROXIES": "127.0.0.1,nginx"})
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'nginx' is not an IP address or network (such as 10.0.0.0/8)." in result.stderr
