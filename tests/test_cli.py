"""The CLI's contract: useful --help, clear one-paragraph errors, documented exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import DATASETS
from reportgen.cli import cli
from reportgen.data import load_dataset


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("command", [[]] + [[name] for name in sorted(cli.commands)])
def test_every_command_has_help_with_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_every_command_and_option_is_in_the_readme():
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"### `reportgen {name}`" in readme
        for param in command.params:
            for option in param.opts:
                assert option in readme, (name, option)


def test_build_help_lists_every_option():
    out = run("build", "--help").output
    for option in ("--quarter", "--lang", "--format", "--data", "--out"):
        assert option in out


def test_unknown_language_is_a_usage_error(tmp_path):
    result = run("build", "--lang", "fr", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown language 'fr'; choose from zh, en" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_a_usage_error(tmp_path):
    result = run("build", "--format", "docx", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.stderr


def test_malformed_quarter_is_a_usage_error(tmp_path):
    result = run("build", "--quarter", "2024-Q4", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "is not a quarter; write it as YYYYQn" in result.stderr


def test_quarter_outside_the_data_names_the_covered_range(tmp_path):
    result = run("build", "--quarter", "2030Q1", "--data", str(DATASETS), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "Error: The data does not cover 2030Q1: its sources were published from" in result.stderr
    assert "Traceback" not in result.output


def test_missing_data_directory(tmp_path):
    result = run("build", "--data", str(tmp_path / "nope"), "--out", str(tmp_path))
    assert result.exit_code == 4
    assert "does not exist" in result.stderr


def test_unwritable_output_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("build", "--data", str(DATASETS), "--out", str(blocker / "sub"))
    assert result.exit_code == 4
    assert "Cannot create the output directory" in result.stderr


def test_validate_passes_on_the_shipped_data():
    result = run("validate", "--data", str(DATASETS))
    assert result.exit_code == 0
    assert "valid" in result.stdout


def test_bad_data_stops_the_build_with_file_row_and_column(data_copy, tmp_path):
    path = data_copy / "metrics.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("channels,", "wechat_channels,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "--data", str(data_copy), "--out", str(out))
    assert result.exit_code == 3
    assert "metrics.csv, row 2, column 'platform': 'wechat_channels' is not a platform in platforms.csv" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "build", "--data", str(tmp_path / "nope"))
    assert result.exit_code != 0
    assert result.exception is not None and type(result.exception).__name__ == "InputError"


def test_charts_exports_every_chart_as_svg_and_one_size_of_png(tmp_path, analysis):
    from PIL import Image

    result = run("charts", "--lang", "en", "--data", str(DATASETS), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    svgs = sorted(tmp_path.glob("*-en-*.svg"))
    pngs = sorted(tmp_path.glob("*-en-*.png"))
    assert len(svgs) == len(pngs) == len(analysis.charts())  # the charts the brief shows, none it hides
    assert [p.stem for p in svgs] == [p.stem for p in pngs]
    assert any(p.stem.endswith("-gmv") for p in svgs)
    # Default 16:9 at scale 2: every PNG 2560x1440, marked 192 dpi, on white.
    for path in pngs:
        image = Image.open(path)
        assert image.size == (2560, 1440) and image.info["dpi"] == pytest.approx((192, 192), abs=0.01)
        assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
    gmv = next(p for p in svgs if p.stem.endswith("-gmv")).read_text(encoding="utf-8")
    # The SVG carries the title, every source's publisher (none cut) and the quarter and data date.
    data = load_dataset(DATASETS)
    quarter, through = data.latest_quarter(), max(data.sources["published_date"])
    assert "Annual GMV" in gmv and f"Quarterly brief, {quarter}" in gmv and f"Data through {through.isoformat()}" in gmv
    assert "…" not in gmv and "Dao Insights" in gmv and "亿邦动力" in gmv


def test_charts_take_one_size_scale_and_background_for_the_whole_run(tmp_path, analysis):
    from PIL import Image

    result = run("charts", "--lang", "zh", "--format", "png", "--size", "1600x900", "--scale", "1",
                 "--background", "transparent", "--data", str(DATASETS), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    images = [Image.open(p) for p in tmp_path.glob("*.png")]
    assert len(images) == len(analysis.charts()) and {i.size for i in images} == {(1600, 900)}
    assert all(i.mode == "RGBA" and i.getpixel((1, 1))[3] == 0 for i in images)
    for bad, message in (("16x9", "Unknown chart size '16x9'"), ("9000x900", "out of range")):
        result = run("charts", "--size", bad, "--data", str(DATASETS), "--out", str(tmp_path))
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_a_long_source_line_wraps_and_keeps_every_word():
    from PIL import ImageFont

    from reportgen.charts.slides import wrap
    from reportgen.fonts import font_face

    path, index = font_face()
    font = ImageFont.truetype(str(path), size=13, index=index)
    text = "来源：亿邦动力 Ebrun、窄播 via 青瓜传媒 (f-o-p.com)、TechNode (mirrored copy)、" * 6
    lines = wrap(text, font, 400)
    assert len(lines) > 3 and all(font.getlength(line) <= 400 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_charts_rejects_a_document_format(tmp_path):
    result = run("charts", "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown format 'pdf'; choose from svg, png" in result.stderr


def test_a_broken_template_is_a_render_error_exit_5_naming_file_and_line(tmp_path, monkeypatch):
    import shutil
    from functools import partial

    from reportgen.paths import TEMPLATES_DIR
    from reportgen.render import env, html

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    monkeypatch.setattr(html, "jinja_env", partial(env.jinja_env.__wrapped__, templates))
    partial_file = templates / "sections" / "methodology.html"
    original = partial_file.read_text(encoding="utf-8")
    for broken, said in (("{% for x in %}", "methodology.html, line 1"), ("{{ c.no_such_thing }}", "methodology.html, line 1")):
        partial_file.write_text(broken + "\n" + original, encoding="utf-8")
        result = CliRunner().invoke(cli, ["build", "--format", "html", "--lang", "en", "--data", str(DATASETS),
                                          "--out", str(tmp_path / "out")])
        assert result.exit_code == 5, result.output
        assert "templates could not be rendered" in result.output and said in result.output, result.output
        assert "Traceback" not in result.output
