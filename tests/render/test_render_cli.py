"""`argmap render` and `argmap doctor` as a user runs them: formats, output
paths, errors, determinism, PNG/PDF/SVG output, fonts and backends."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time

import pytest

from conftest import MAPS, needs_cjk_font, run_cli
from render_helpers import CORPUS, FIXTURES, MAPS, REAL_MAPS, assert_safe_svg, parse_svg, png_size

from argmap.render import FormatError, compare_diagram, format_for
from argmap.render import backend as B
from argmap.render import fonts as F
from argmap.validate import validate

KINDS = str(FIXTURES / "kinds.map")
BROKEN = str(FIXTURES / "broken" / "broken.map")


def render_to(tmp_path, name, *args):
    out = tmp_path / name
    code, stdout, err = run_cli("render", *args, "--backend", "library", "-o", str(out))
    return code, out, err


def cli_bytes(*args, env=None):
    """Run the CLI in a fresh process and return (status, stdout bytes, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", *args],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **(env or {})},
        timeout=300,
    )
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


# ---------------------------------------------------------------- formats and paths


@pytest.mark.parametrize(
    ("path", "fmt", "expected"),
    [(None, None, "svg"), ("-", None, "svg"), ("a.PNG", None, "png"), ("a.pdf", None, "pdf"), ("a.gv", None, "dot"),
     ("a.dot", None, "dot"), ("a", "png", "png"), ("-", "pdf", "pdf"), ("a.svg", "svg", "svg")],
)
def test_format_from_extension_or_option(path, fmt, expected):
    assert format_for(path, fmt) == expected


def test_format_errors_say_what_to_do():
    with pytest.raises(FormatError, match=r"cannot tell the format from the extension \.txt"):
        format_for("out.txt", None)
    with pytest.raises(FormatError, match=r"ends in \.png but --format says svg"):
        format_for("out.png", "svg")


def test_unknown_format_option_is_a_usage_error():
    code, out, err = run_cli("render", KINDS, "--format", "bmp")
    assert code == 2 and out == ""
    assert "Invalid value for '--format'" in err and "'bmp' is not one of" in err


def test_unknown_extension_is_a_usage_error(tmp_path):
    code, out, err = run_cli("render", KINDS, "-o", str(tmp_path / "x.txt"))
    assert code == 2
    assert err.startswith("argmap: error: cannot tell the format from the extension .txt")
    assert not (tmp_path / "x.txt").exists()


@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_unwritable_output_is_a_clear_error(tmp_path, where):
    target = tmp_path / "nope" / "x.svg" if where == "missing-folder" else tmp_path
    code, out, err = run_cli("render", KINDS, "--format", "svg", "-o", str(target))
    assert code == 2 and out == ""
    assert err.startswith(f"argmap: error: cannot write {target}")
    assert "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root may write anywhere")
def test_read_only_folder_is_a_clear_error(tmp_path):
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, _, err = run_cli("render", KINDS, "-o", str(tmp_path / "x.svg"))
    finally:
        tmp_path.chmod(stat.S_IRWXU)
    assert code == 2 and err.startswith("argmap: error: cannot write")


def test_default_output_is_named_after_the_map(tmp_path):
    code, out, err = run_cli("render", KINDS, "--backend", "library", cwd=tmp_path)
    assert (code, out, err) == (0, "", "argmap: wrote kinds.svg\n")
    parse_svg((tmp_path / "kinds.svg").read_bytes())
    code, _, err = run_cli("render", str(CORPUS), "--format", "dot", cwd=tmp_path)
    assert (code, err) == (0, "argmap: wrote compare.dot\n")


def test_svg_to_standard_output():
    code, out, err = run_cli("render", KINDS, "--backend", "library", "-o", "-")
    assert code == 0 and err == ""
    assert_safe_svg(parse_svg(out.encode("utf-8")))


@needs_cjk_font
def test_png_to_standard_output_is_binary_clean():
    code, data, err = cli_bytes("render", KINDS, "--backend", "library", "--format", "png", "-o", "-")
    assert code == 0, err
    png_size(data)


def test_a_missing_path_is_a_usage_error():
    code, _, err = run_cli("render", "no/such.map")
    assert code == 2 and "no such file or directory" in err and "Traceback" not in err


# ---------------------------------------------------------------- maps with errors


def test_a_map_with_errors_is_not_drawn(tmp_path):
    code, out, err = run_cli("render", BROKEN, "-o", str(tmp_path / "b.svg"))
    assert code == 1 and out == ""
    assert "error[AM201] unknown id `c12` — did you mean `c1`?" in err
    assert err.endswith("argmap: nothing drawn; fix the errors or pass --force\n")
    assert "warning" not in err  # only what blocks drawing
    assert not (tmp_path / "b.svg").exists()


def test_force_draws_what_parsed(tmp_path):
    code, out, err = render_to(tmp_path, "b.svg", BROKEN, "--force")
    assert code == 0, err
    root = parse_svg(out.read_bytes())
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert {"T", "c1"} <= titles and "c12" not in titles


# ---------------------------------------------------------------- output files


@needs_cjk_font
@pytest.mark.parametrize("name", REAL_MAPS)
def test_png_of_each_real_map(tmp_path, name):
    path = MAPS / f"{name}.map"
    if not path.exists():
        pytest.skip(f"{name} is not mapped yet")
    code, out, err = render_to(tmp_path, f"{name}.png", str(path))
    assert code == 0, err
    width, height = png_size(out.read_bytes())
    # Big enough to read at 12-point type, not a runaway strip.
    assert 800 < width < 6000 and 800 < height < 9000
    assert 0.25 < width / height < 4


@needs_cjk_font
def test_png_of_the_comparison(tmp_path):
    code, out, err = render_to(tmp_path, "compare.png", str(MAPS))
    assert code == 0, err
    width, height = png_size(out.read_bytes())
    assert width > 600 and height > 600


@needs_cjk_font
def test_pdf_is_reproducible(tmp_path):
    code, first, err = render_to(tmp_path, "a.pdf", KINDS)
    assert code == 0, err
    time.sleep(1.1)  # a new second: cairo's clock would show in the bytes
    code, second, err = render_to(tmp_path, "b.pdf", KINDS)
    data = first.read_bytes()
    assert data.startswith(b"%PDF-") and data == second.read_bytes()
    assert b"/CreationDate (D:20000101000000Z)" in data


def test_pdf_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = B.fix_pdf_dates(b"<< /CreationDate (D:20261122060105Z) /ModDate (D:20261122060105+01'00) >>")
    assert data == b"<< /CreationDate (D:20231114221320Z) /ModDate (D:20231114221320Z     ) >>"


@needs_cjk_font
def test_svg_and_png_are_byte_identical_across_processes():
    runs = [cli_bytes("render", str(MAPS / "tang2025.map"), "--backend", "library", "--format", fmt, "-o", "-")
            for fmt in ("svg", "svg", "png", "png")]
    assert all(code == 0 for code, _, _ in runs)
    assert runs[0][1] == runs[1][1] and runs[2][1] == runs[3][1]


def test_every_layout_engine_draws(tmp_path):
    for layout in ("dot", "neato", "fdp", "sfdp"):
        code, out, err = render_to(tmp_path, f"{layout}.svg", str(MAPS / "cheng2026.map"), "--layout", layout)
        assert code == 0, (layout, err)
        assert "Error" not in err
        parse_svg(out.read_bytes())


# ---------------------------------------------------------------- fonts


@pytest.fixture
def no_fonts(tmp_path, monkeypatch):
    """A fontconfig configuration with no fonts at all: what a bare server
    or container sees. fc-list and Graphviz both read FONTCONFIG_FILE."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    monkeypatch.setattr(F, "install_hint", lambda: "install one: sudo apt-get install fonts-wqy-microhei")
    return {"FONTCONFIG_FILE": str(config)}


@pytest.mark.skipif(not F.shutil.which("fc-list"), reason="needs fontconfig's fc-list")
@pytest.mark.parametrize("ext", ["png", "pdf"])
def test_png_and_pdf_of_cjk_text_with_no_font_are_refused(tmp_path, no_fonts, ext):
    code, out, err = render_to(tmp_path, f"k.{ext}", KINDS)
    assert code == 2 and not out.exists()
    assert err == (f"argmap: error: no installed font covers Chinese or Japanese, so this {ext.upper()} would show "
                   "an empty box for each of their characters; install one: sudo apt-get install fonts-wqy-microhei; "
                   "or give --force to write it anyway\n")


# Drawing under an empty font configuration runs in its own process:
# fontconfig reads its configuration once per process.
@pytest.mark.skipif(not F.shutil.which("fc-list"), reason="needs fontconfig's fc-list")
def test_force_writes_the_png_anyway_with_one_warning(tmp_path, no_fonts):
    out = tmp_path / "k.png"
    code, _, err = cli_bytes("render", KINDS, "--backend", "library", "--force", "-o", str(out), env=no_fonts)
    assert code == 0 and png_size(out.read_bytes())[0] > 100
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "no installed font covers Chinese or Japanese" in warnings[0]


@pytest.mark.skipif(not F.shutil.which("fc-list"), reason="needs fontconfig's fc-list")
def test_without_fonts_svg_and_latin_png_are_drawn(tmp_path, no_fonts):
    # SVG leaves fonts to the viewer; a PNG with no CJK text needs no CJK font.
    out = tmp_path / "k.svg"
    code, _, err = cli_bytes("render", KINDS, "--backend", "library", "-o", str(out), env=no_fonts)
    assert code == 0 and err == f"argmap: wrote {out}\n"
    latin = tmp_path / "latin.map"
    latin.write_text('---\nid: latin\ntitle: Latin\nauthors: [Smith]\nyear: 2020\n---\n\nthesis T "Cooperation is limited"\n'
                     'claim c1 "Trade is thin" { supports T }\n', encoding="utf-8")
    out = tmp_path / "latin.png"
    code, _, err = cli_bytes("render", str(latin), "--isolated", "--backend", "library", "-o", str(out), env=no_fonts)
    assert code == 0 and err == f"argmap: wrote {out}\n" and png_size(out.read_bytes())[0] > 50


@pytest.mark.skipif(not F.shutil.which("fc-list"), reason="needs fontconfig's fc-list")
def test_doctor_render_and_the_gallery_agree_on_a_machine_without_fonts(tmp_path, no_fonts):
    # doctor loads Graphviz, which reads the font configuration once per
    # process: in a process of its own.
    code, raw, _ = cli_bytes("doctor", env=no_fonts)
    out = raw.decode("utf-8")
    assert code == 1 and "CJK font      none found (checked with fc-list)" in out
    problem = next(line for line in out.splitlines() if line.startswith("problem: "))
    assert problem.startswith("problem: no installed font covers Chinese or Japanese, so PNG and PDF would show an "
                              "empty box for each of their characters; install one: ")
    assert problem.endswith("; until then `render` refuses them (exit 2)")
    assert render_to(tmp_path, "k.png", KINDS)[0] == 2
    import importlib.util

    spec = importlib.util.spec_from_file_location("gallery_make", F.Path(__file__).parents[2] / "docs" / "gallery" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    with pytest.raises(SystemExit) as stop:
        make.main()
    assert "no installed font covers Chinese or Japanese" in str(stop.value)
    assert "`argmap doctor` says the same" in str(stop.value)


def test_with_a_font_all_three_agree(tmp_path):
    status = F.cjk_font()
    if not status.found:
        pytest.skip("no CJK font here")
    assert F.problem("台日", "png", status) is None and run_cli("doctor")[0] == 0
    code, out, err = render_to(tmp_path, "k.png", KINDS)
    assert code == 0 and "warning" not in err


def test_install_hint_names_a_debian_package(monkeypatch):
    monkeypatch.setattr(F, "_os_release", lambda: {"ID": "debian"})
    monkeypatch.setattr(F.platform, "system", lambda: "Linux")
    assert "fonts-wqy-microhei" in F.install_hint()


def test_svg_names_a_font_stack_that_covers_cjk(tmp_path):
    code, out, err = render_to(tmp_path, "k.svg", KINDS)
    families = set(re.findall(rb'font-family="([^"]+)"', out.read_bytes()))
    assert families == {F.FONT_STACK.encode()}
    assert F.FONT_STACK.endswith("sans-serif") and "Noto Sans CJK TC" in F.FONT_STACK


def test_has_cjk():
    assert F.has_cjk("台日") and F.has_cjk("ひらがな") and not F.has_cjk("Taiwan – Japan «»")


# ---------------------------------------------------------------- doctor


def test_doctor_reports_backend_version_and_font(monkeypatch):
    monkeypatch.setattr(F, "cjk_font", lambda: F.FontStatus(True, "WenQuanYi Micro Hei", "fc-list"))
    code, out, err = run_cli("doctor")
    assert code == 0, out
    assert re.search(r"^backend\s+(library|executable): .*Graphviz \d+\.\d+", out, re.M)
    assert re.search(r"^CJK font\s+WenQuanYi Micro Hei \(found with fc-list\)", out, re.M)
    assert out.endswith("ok: argmap render can draw SVG, PNG and PDF with CJK text.\n")


def test_doctor_says_what_to_install(monkeypatch):
    monkeypatch.setattr(F, "cjk_font", lambda: F.FontStatus(False, None, "fc-list"))
    monkeypatch.setattr(F, "install_hint", lambda: "install one: sudo apt-get install fonts-wqy-microhei")
    code, out, _ = run_cli("doctor")
    assert code == 1
    assert ("problem: no installed font covers Chinese or Japanese, so PNG and PDF would show an empty box for each "
            "of their characters; install one: sudo apt-get install fonts-wqy-microhei") in out
    code, out, _ = run_cli("doctor", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["cjk_font"]["found"] is False and report["backend"]["graphviz"]


# ---------------------------------------------------------------- backends


def test_auto_prefers_the_executable_then_the_library(monkeypatch):
    monkeypatch.setattr(B, "executable", lambda: "/usr/bin/dot")
    assert B.choose("auto") == "executable"
    monkeypatch.setattr(B, "executable", lambda: None)
    assert B.choose("auto") == "library"
    with pytest.raises(B.BackendError, match="not on PATH"):
        B.choose("executable")
    monkeypatch.setattr(B, "_library_available", lambda: False)
    with pytest.raises(B.BackendError, match=r"pip install 'pygraphviz>=2\.0'"):
        B.choose("auto")


def test_no_graphviz_at_all_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(B, "executable", lambda: None)
    monkeypatch.setattr(B, "_library_available", lambda: False)
    code, _, err = run_cli("render", KINDS, "-o", "-")
    assert code == 2 and err.startswith("argmap: error: no Graphviz found:") and "pygraphviz" in err


def fake_dot(folder, body: str):
    script = folder / "dot"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for dot")
def test_the_dot_executable_is_used_when_on_path(tmp_path, monkeypatch):
    fake_dot(tmp_path, 'echo "$@" > "$(dirname "$0")/args"; cat > "$(dirname "$0")/stdin"; echo "<svg/>"\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    code, out, err = run_cli("render", KINDS, "--layout", "neato", "-o", "-")
    assert (code, out) == (0, "<svg/>\n"), err
    assert (tmp_path / "args").read_text().split() == ["-Kneato", "-Tsvg"]
    assert (tmp_path / "stdin").read_text(encoding="utf-8").startswith("digraph argmap {")


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for dot")
def test_a_failing_dot_executable_is_reported(tmp_path, monkeypatch):
    fake_dot(tmp_path, 'echo "Error: something broke" >&2; exit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    code, out, err = run_cli("render", KINDS, "-o", "-")
    assert code == 2 and out == ""
    assert err == "argmap: error: Graphviz failed: Error: something broke\n"


def test_the_forked_library_draws_the_same_bytes():
    source = open(str(FIXTURES.parent / "golden" / "kinds.dot"), encoding="utf-8").read()
    assert B.render(source, "svg", backend="library", interruptible=True).data == B.render(source, "svg", backend="library").data


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_crash_inside_graphviz_is_reported_not_fatal(monkeypatch):
    monkeypatch.setattr(B, "_library", lambda *a: os._exit(3))
    with pytest.raises(B.BackendError, match=r"Graphviz stopped while drawing \(status"):
        B.render("digraph{a}", "svg", backend="library", interruptible=True)


def test_bad_dot_from_the_library_is_a_backend_error():
    with pytest.raises(B.BackendError, match="could not read the diagram"):
        B.render("digraph { a -> }", "svg", backend="library")


def test_graphviz_noise_is_filtered():
    assert B._messages('Fontconfig warning: "/etc/fonts/x.conf", line 6: unknown element "reset-dirs"\nWarning: real\n') == [
        "Warning: real"
    ]


# ---------------------------------------------------------------- the library call compare uses


def test_compare_diagram_writes_a_file(tmp_path):
    corpus = validate([str(CORPUS)]).corpus
    assert compare_diagram(corpus, str(tmp_path / "c.svg"), lang="en", backend="library") is None
    root = parse_svg((tmp_path / "c.svg").read_bytes())
    assert any("Can security cooperation deepen?" in "".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert compare_diagram(corpus, str(tmp_path / "c.txt")).startswith("cannot tell the format")
    assert compare_diagram(corpus, str(tmp_path / "no" / "c.svg"), backend="library").startswith("cannot write")


def test_render_imports_graphviz_only_when_drawing():
    probe = (
        "import sys\nfrom click.testing import CliRunner\nfrom argmap.cli import cli\n"
        "CliRunner().invoke(cli, ['render', '--help'])\n"
        "print(sorted(m for m in ('graphviz', 'pygraphviz') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


@needs_cjk_font
def test_a_png_too_many_pixels_at_the_asked_dpi_is_refused_with_the_dpi_that_fits(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = tmp_path / "big.png"
    code, _, err = run_cli("render", str(MAPS / "chen2024.map"), "--format", "png", "--dpi", "1200", "-o", str(out))
    assert code == 2
    assert not out.exists()
    lines = err.splitlines()
    assert lines[0].startswith("argmap: error: a PNG of ") and "pixels at --dpi 1200 is over the limit" in err
    assert re.search(r"= hint: --dpi \d+ fits; SVG or PDF print sharp at any size", err)


def test_notes_and_hints_keep_to_the_terminal_width(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, _, err = run_cli("render", str(MAPS), "--figure", "full", "--page", "slide", "-o", str(tmp_path / "f.svg"))
    assert code == 0
    assert "argmap: note: " in err and "  = hint: " in err
    assert all(len(line) <= 80 for line in err.splitlines() if not line.startswith("argmap: wrote ")), err
