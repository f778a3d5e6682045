"""`argmap import` and `argmap export --to` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, run_cli

SAMPLES = ROOT.parent / "shared" / "conformance" / "formats"
MAPS = ROOT / "maps"


def _model(path: Path) -> dict:
    """What a map says, whatever its layout: nodes in order, relations as a set."""
    from argmap.corpus import parse_source
    from argmap.export.json import map_dict
    from argmap.source import SourceFile

    argmap, diags = parse_source(SourceFile(str(path), path.read_text(encoding="utf-8")))
    assert not [d for d in diags if str(d.severity) == "error"]
    data = map_dict(argmap)
    for node in data["nodes"]:
        node.pop("span")
    return {
        "meta": data["meta"],
        "nodes": data["nodes"],
        "relations": sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in data["relations"]),
        "stances": sorted(json.dumps(s, sort_keys=True, ensure_ascii=False) for s in data["stances"]),
    }


def test_export_to_aif_then_import_gives_back_every_bundled_map(tmp_path):
    for path in sorted(MAPS.glob("*.map")):
        if path.name == "issues.map":
            continue
        code, out, err = run_cli("export", str(path), "--to", "aif", "-o", str(tmp_path / "x.json"))
        assert (code, err) == (0, ""), err
        code, out, err = run_cli("import", str(tmp_path / "x.json"), "-o", str(tmp_path / path.stem), "--force")
        assert code == 0, err
        (written,) = [p for p in (tmp_path / path.stem).glob("*.map") if p.name != "issues.map"]
        assert _model(written) == _model(path), path.name
        # The issues its stances answer come along, though they live in maps/issues.map.
        code, out, err = run_cli("validate", str(tmp_path / path.stem))
        assert "AM206" not in out, out


def test_import_prints_one_map_and_validates(tmp_path):
    code, out, err = run_cli("import", str(SAMPLES / "uniforms.arggraph.xml"), "--author", "Ann", "--year", "2016")
    assert code == 0, err
    assert out.startswith("---\nid: sample_u01\ntitle: sample_u01\nauthors: [Ann]\nyear: 2016\n---\n")
    assert "a2 + a3 supports a1\n" in out and "a5 undercuts c9\n" in out
    (tmp_path / "m.map").write_text(out, encoding="utf-8")
    assert run_cli("validate", str(tmp_path / "m.map"))[0] == 0


def test_import_into_a_folder_keeps_what_is_there(tmp_path):
    args = ("import", str(SAMPLES / "uniforms.arggraph.xml"), "-o", str(tmp_path), "--year", "2016", "--author", "A")
    code, out, err = run_cli(*args)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issues.map", "sample_u01.map"]
    assert err.splitlines()[-2:] == [f"argmap: wrote {tmp_path}/sample_u01.map", f"argmap: wrote {tmp_path}/issues.map"]
    (tmp_path / "sample_u01.map").write_text("mine\n", encoding="utf-8")
    code, out, err = run_cli(*args)
    assert code == 1 and "sample_u01.map exists: not written over" in err
    assert (tmp_path / "sample_u01.map").read_text(encoding="utf-8") == "mine\n"
    assert run_cli(*args, "--force")[0] == 0
    assert run_cli("validate", str(tmp_path))[0] == 0


def test_import_says_what_it_made_up_and_refuses_what_it_cannot_tell(tmp_path):
    code, out, err = run_cli("import", str(SAMPLES / "uniforms.arggraph.xml"))
    assert code == 0
    assert "warning[AM503] the file does not say who wrote it or when: written as" in err.replace("\n", " ")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert run_cli("import", str(tmp_path / "a.txt")) == (
        2, "", f"argmap: error: cannot tell the format of {tmp_path}/a.txt from its name: pass --from aif, arggraph or argdown\n")
    code, out, err = run_cli("import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--from", "aif")
    assert code == 2 and "several files need -o DIR" in err
    code, out, err = run_cli("import", str(tmp_path / "nope.json"))
    assert code == 1 and f"{tmp_path}/nope.json: error[AM001] no such file" in err


def test_export_one_text_per_map_formats(tmp_path):
    code, out, err = run_cli("export", str(MAPS / "tang2025.map"), "--to", "argdown")
    assert code == 0, err
    assert out.startswith('===\ntitle: "台日「準同盟」的驅動與制約：從安倍到高市"\nauthor: "湯名暉"\ndate: 2025\n===\n')
    code, out, err = run_cli("export", str(MAPS), "--to", "arggraph")
    assert code == 2 and "give -o DIR" in err
    code, out, err = run_cli("export", str(MAPS), "--to", "arggraph", "-o", str(tmp_path / "xml"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "xml").iterdir()) == [
        "chen2024.xml", "cheng2026.xml", "tang2025.xml", "tradealliance2012.xml", "wilkins2012.xml"]


def _shape(path: Path) -> tuple:
    """Nodes, and the relations by kind and by how many sources they join."""
    from collections import Counter

    from argmap.corpus import parse_source
    from argmap.source import SourceFile

    argmap, _ = parse_source(SourceFile(str(path), path.read_text(encoding="utf-8")))
    kinds = Counter((r.kind, len(r.sources)) for r in argmap.relations if r.kind in ("supports", "attacks", "undercuts"))
    return len(argmap.nodes), sorted(kinds.items())


def test_map_to_argdown_and_back_keeps_every_node_and_the_shape_of_every_relation(tmp_path):
    conformance = ROOT.parent / "shared" / "conformance" / "argdown"
    first = tmp_path / "first"
    sources = sorted(conformance.glob("*.argdown"))
    assert run_cli("import", *map(str, sources), "-o", str(first), "--year", "2020", "--author", "X")[0] == 0
    maps = sorted(first.glob("*.map")) + sorted(p for p in MAPS.glob("*.map") if p.name != "issues.map")
    for path in maps:
        out = tmp_path / f"{path.stem}.argdown"
        code, _, err = run_cli("export", str(path), "--to", "argdown", "-o", str(out))
        assert code == 0, err
        back = tmp_path / "back"
        code, _, err = run_cli("import", str(out), "-o", str(back), "--year", "2020", "--author", "X", "--force")
        assert code == 0, err
        assert _shape(back / f"{path.stem}.map") == _shape(path), path.name
