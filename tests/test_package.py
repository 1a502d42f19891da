"""The installed (non-editable) package carries its templates and datasets and builds a brief
from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_installs_and_builds_outside_the_checkout(tmp_path):
    dist, site, out = tmp_path / "dist", tmp_path / "site", tmp_path / "out"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)], check=True, timeout=300)
    (wheel,) = dist.glob("reportgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "reportgen/_bundled/templates/brief.html" in names
    assert "reportgen/_bundled/datasets/datapackage.json" in names
    assert any(n.startswith("reportgen/_bundled/datasets/seeds/") for n in names)
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, timeout=300)

    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run([sys.executable, "-c", "import reportgen.paths as p; print(p.TEMPLATES_DIR)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    assert probe.stdout.strip().startswith(str(site))
    result = subprocess.run(
        [sys.executable, "-m", "reportgen.cli", "build", "--lang", "en", "--format", "html", "--out", str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("brief-*-en.html"))) == 1
