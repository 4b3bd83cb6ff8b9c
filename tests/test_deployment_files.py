"""The files a sysadmin copies (deploy/): nginx's site file passes Debian's
`nginx -t`, the systemd units pass `systemd-analyze verify` and run commands
that exist, and every variable the settings read is in the administrator's
guide and the example environment file."""

import re
import shutil
import subprocess

from django.core.management import get_commands

from scripts.nginx_site import local_site
from tests.test_deploy import ROOT

DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())


def settings_variables() -> set[str]:
    source = (ROOT / "terreau" / "settings.py").read_text()
    found = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', source))
    found |= set(re.findall(r'"([A-Z][A-Z0-9_]+)" in env\.ENVIRON', source))
    return found


def test_every_setting_is_in_the_administrators_guide_and_the_example_environment():
    variables = settings_variables()
    assert {"DATABASE_URL", "DJANGO_DEFAULT_FROM_EMAIL", "TERREAU_BACKUP_DIR"} <= variables
    guide = (ROOT / "docs" / "administration.md").read_text()
    example = (DEPLOY / "terreau.env.example").read_text()
    assert sorted(v for v in variables if "`%s`" % v not in guide) == []
    development_only = {"DJANGO_DEBUG", "TERREAU_NO_DOTENV", "DJANGO_CSRF_TRUSTED_ORIGINS"}
    development_only |= {"DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_HSTS_SECONDS"}
    assert sorted(v for v in variables - development_only if v + "=" not in example) == []


def test_the_systemd_units_run_commands_that_exist_and_pass_systemd_analyze(tmp_path):
    commands = get_commands()
    for unit in UNITS:
        for called in re.findall(r"manage\.py (\w+)", unit.read_text()):
            assert called in commands, (unit.name, called)
    web = (DEPLOY / "systemd" / "terreau-web.service").read_text()
    assert "ExecStartPre=/srv/terreau/.venv/bin/python manage.py deploy_check" in web
    assert all(
        "Environment=TERREAU_NO_DOTENV=1" in u.read_text() for u in UNITS if u.suffix == ".service"
    )
    if shutil.which("systemd-analyze") is None:
        return  # the checks above still ran; Debian installs systemd everywhere else
    for unit in UNITS:  # the same units, pointed at this checkout
        text = unit.read_text().replace("/srv/terreau", str(ROOT))
        text = text.replace("/etc/terreau/terreau.env", str(DEPLOY / "terreau.env.example"))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(map(str, tmp_path.iterdir()))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_nginx_accepts_the_site_file(tmp_path):
    """Debian's nginx (installed by `make test`, scripts/install-deploy-tools.sh)."""
    site = local_site(tmp_path)
    assert "client_max_body_size 12m;" in site  # the 10 MB PDFs pass
    result = subprocess.run(
        ["/usr/sbin/nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
