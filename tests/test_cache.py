"""Caching never serves a stale brief: a change to data, templates, code, fonts or options
invalidates it; unchanged outputs are kept, changed ones rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import cache, fonts
from reportgen.cli import cli
from reportgen.data.folder import read_folder
from conftest import LATEST
from helpers import edit_rows

OPTIONS = {"quarter": None, "languages": ["zh", "en"], "formats": ["html", "pdf"]}


def build(data_dir: Path, out: Path, *extra: str):
    result = CliRunner().invoke(cli, ["build", "--data", str(data_dir), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result


def test_an_unchanged_build_is_served_from_the_manifest(data_copy, tmp_path):
    out = tmp_path / "out"
    first = build(data_copy, out, "--lang", "en", "--format", "html")
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = build(data_copy, out, "--lang", "en", "--format", "html")
    assert "Up to date" in second.stderr and "Validating" not in second.stderr
    assert second.stdout == first.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_a_data_change_rebuilds_with_the_new_figure(data_copy, tmp_path):
    out = tmp_path / "out"
    build(data_copy, out, "--lang", "en", "--format", "html")
    def revise(row):
        row["value"] = "386.0"
        row["quote"] = row["quote"].replace("RMB385.0 billion", "RMB386.0 billion")

    assert edit_rows(data_copy / "metrics.csv", lambda r: r["source_id"] == "kuaishou_plainsense_2025q3"
                     and r["metric"] == "gmv", revise) == 1
    again = build(data_copy, out, "--lang", "en", "--format", "html")
    assert "Up to date" not in again.stderr
    html = next(out.glob("*-en.html")).read_text(encoding="utf-8")
    assert "CNY 386.0 billion" in html and "CNY 385.0 billion" not in html


def test_a_corrupted_output_is_rebuilt(data_copy, tmp_path):
    out = tmp_path / "out"
    build(data_copy, out, "--lang", "en", "--format", "html")
    target = next(out.glob("*-en.html"))
    good = target.read_bytes()
    target.write_bytes(b"tampered")
    again = build(data_copy, out, "--lang", "en", "--format", "html")
    assert "Up to date" not in again.stderr
    assert target.read_bytes() == good


def test_different_options_are_not_served_from_another_build(data_copy, tmp_path):
    out = tmp_path / "out"
    build(data_copy, out, "--lang", "en", "--format", "html")
    again = build(data_copy, out, "--lang", "zh", "--format", "html")
    assert "Up to date" not in again.stderr and list(out.glob("*-zh.html"))


def test_build_key_covers_templates_code_fonts_and_options(tmp_path, monkeypatch, data_copy):
    base = cache.build_key(read_folder(data_copy).digest(), OPTIONS)
    assert cache.build_key(read_folder(data_copy).digest(), OPTIONS) == base
    assert cache.build_key(read_folder(data_copy).digest(), {**OPTIONS, "formats": ["pdf"]}) != base

    templates = tmp_path / "templates"
    shutil.copytree(cache.TEMPLATES_DIR, templates)
    monkeypatch.setattr(cache, "TEMPLATES_DIR", templates)
    assert cache.build_key(read_folder(data_copy).digest(), OPTIONS) == base
    (templates / "brief.css").write_text((templates / "brief.css").read_text() + "\n/* x */\n")
    assert cache.build_key(read_folder(data_copy).digest(), OPTIONS) != base
    monkeypatch.undo()

    package = tmp_path / "reportgen"
    shutil.copytree(cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    assert cache.build_key(read_folder(data_copy).digest(), OPTIONS) == base
    (package / "pipeline.py").write_text((package / "pipeline.py").read_text() + "\n# changed\n")
    assert cache.build_key(read_folder(data_copy).digest(), OPTIONS) != base
    monkeypatch.undo()

    real_path, index = fonts.font_face()
    other_font = tmp_path / "font.ttc"
    other_font.write_bytes(b"a different font file")
    cache.environment_digest.cache_clear()
    monkeypatch.setattr(fonts, "font_face", lambda: (other_font, index))
    try:
        assert cache.build_key(read_folder(data_copy).digest(), OPTIONS) != base
    finally:
        monkeypatch.undo()
        cache.environment_digest.cache_clear()
    assert cache.build_key(read_folder(data_copy).digest(), OPTIONS) == base


def test_a_catalogue_change_rebuilds_only_that_language(data_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(data_copy, out, "--format", "html")
    zh_before = next(out.glob("*-zh.html")).stat().st_mtime_ns
    templates = tmp_path / "templates"
    shutil.copytree(cache.TEMPLATES_DIR, templates)
    catalogue = templates / "i18n" / "en.toml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(cache, "TEMPLATES_DIR", templates)
    again = build(data_copy, out, "--format", "html")
    assert f"Unchanged, kept: brief-{LATEST}-zh.html" in again.stderr
    assert "wrote" in again.stderr and "-en.html" in again.stderr
    assert next(out.glob("*-zh.html")).stat().st_mtime_ns == zh_before


def test_chart_svgs_are_cached_by_spec(tmp_path, monkeypatch):
    from reportgen.charts.render import to_svg

    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    spec = {"data": {"values": [{"a": 1}]}, "mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    first = to_svg(spec, "t")
    assert len(list((tmp_path / "charts").iterdir())) == 1
    assert to_svg(spec, "t") == first
    to_svg({**spec, "mark": "point"}, "t")
    assert len(list((tmp_path / "charts").iterdir())) == 2


def test_the_vega_runtime_found_in_the_user_cache_is_installed_for_every_cache(tmp_path, monkeypatch):
    # A user cache from an older release kept the bundle; the installation's copy must still be
    # written, or a build with a fresh cache (a test's, a CI runner's) would start the engine.
    from reportgen.charts import render

    installed = tmp_path / "prefix" / "vega-bundle.js"
    monkeypatch.setattr(render, "vega_bundle_path", lambda: installed)
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    key = f"bundle-{render.version('vl-convert-python')}"
    cache.store_text("vega", key, "/* bundle from the user cache */ a('</script>')")
    monkeypatch.setattr(render, "_build_bundle", lambda: pytest.fail("the bundle was rebuilt"))
    render.vega_runtime_js.cache_clear()
    try:
        assert render.vega_runtime_js() == "/* bundle from the user cache */ a('<\\/script>')"
        assert installed.read_text(encoding="utf-8") == "/* bundle from the user cache */ a('</script>')"
    finally:
        render.vega_runtime_js.cache_clear()


def test_an_up_to_date_build_imports_no_heavy_library(data_copy, tmp_path):
    # What keeps a warm build near 0.2 s: the manifest check reads files and hashes them, and
    # brings in neither pandas, Altair, vl-convert nor WeasyPrint.
    import subprocess
    import sys

    out = tmp_path / "out"
    build(data_copy, out, "--lang", "en", "--format", "html")
    code = ("import sys; from reportgen.cli import main; sys.argv = ['reportgen', 'build', '--lang', 'en', '--format', 'html', "
            f"'--data', {str(data_copy)!r}, '--out', {str(out)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'altair', 'vl_convert', 'weasyprint') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Up to date" in result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
