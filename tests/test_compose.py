"""docker-compose.yml validates with a real Compose implementation (no Docker daemon needed for `config`)."""
import shutil
import subprocess

import yaml

from conftest import ROOT


def compose_config(*profiles: str) -> dict:
    exe = shutil.which("docker-compose")
    assert exe, "docker-compose is not installed; .ci/run installs Debian's docker-compose package"
    args = [exe, "-f", str(ROOT / "docker-compose.yml")]
    for p in profiles:
        args += ["--profile", p]
    out = subprocess.run([*args, "config"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return yaml.safe_load(out.stdout)


def test_compose_stack_follows_the_self_hosted_recipe():
    cfg = compose_config()
    services = cfg["services"]
    default = {name for name, svc in services.items() if not svc.get("profiles")}
    assert default == {"postgres", "prefect-server", "pressmine"}
    server = services["prefect-server"]
    assert "postgresql+asyncpg://" in server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert any(str(p.get("published", p) if isinstance(p, dict) else p).startswith("4200") for p in server["ports"])
    app = services["pressmine"]
    assert app["build"]["dockerfile"] == "Dockerfile" and (ROOT / "Dockerfile").exists()
    assert "serve" in app["command"]
    assert app["environment"]["PREFECT_API_URL"].startswith("http://prefect-server:4200")
    mounts = app["volumes"]
    assert any((m["source"] if isinstance(m, dict) else m.split(":")[0]) == "pressmine_data" for m in mounts)
    assert "pressmine_data" in cfg["volumes"]


def test_bi_profile_adds_superset_reading_the_data_volume_read_only():
    services = compose_config("bi")["services"]
    superset = services["superset"]
    assert superset["profiles"] == ["bi"]
    mount = superset["volumes"][0]
    if isinstance(mount, dict):
        assert mount["source"] == "pressmine_data" and mount.get("read_only") is True
    else:
        assert mount.startswith("pressmine_data:") and mount.endswith(":ro")
