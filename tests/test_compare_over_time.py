"""'Over time' orders texts only as far as their years and dates tell."""

from __future__ import annotations

from tests.conftest import run_cli


def _corpus(tmp_path, maps) -> None:
    (tmp_path / "issues.map").write_text('issue q "Is it so?"\n', encoding="utf-8")
    for name, year, date, stance in maps:
        extra = f"date: {date}\n" if date else ""
        (tmp_path / f"{name}.map").write_text(
            f"---\nid: {name}\ntitle: t\nauthors: [{name.title()}]\nyear: {year}\n{extra}---\n\n"
            f'thesis T "t" {{ stance q {stance} }}\n',
            encoding="utf-8",
        )


def _over_time(tmp_path, fmt: str) -> str:
    code, out, err = run_cli("compare", str(tmp_path), "--format", fmt)
    assert code == 0, err
    if fmt == "markdown":
        return next(line for line in out.splitlines() if line.startswith("- **q**:"))
    lines = out.splitlines()
    return lines[lines.index(next(l for l in lines if l.startswith("Over time"))) + 1]


def test_texts_of_one_year_share_a_step_in_no_order(tmp_path):
    _corpus(tmp_path, [("ann", 2020, None, "pro"), ("bob", 2020, None, "con"), ("cy", 2021, None, "mixed")])
    assert _over_time(tmp_path, "markdown") == "- **q**: Ann 2020 pro, Bob 2020 con → Cy 2021 mixed"
    assert _over_time(tmp_path, "table") == "q: Ann 2020 pro, Bob 2020 con → Cy 2021 mixed"


def test_dates_order_texts_of_one_year_but_one_date_alone_does_not(tmp_path):
    _corpus(tmp_path, [("ann", 2020, "2020-09-01", "pro"), ("bob", 2020, "2020-03-01", "con")])
    assert _over_time(tmp_path, "markdown") == "- **q**: Bob 2020 con → Ann 2020 pro"
    # A third text of 2020 with no date could stand anywhere among them.
    _corpus(tmp_path, [("cy", 2020, None, "mixed")])
    assert _over_time(tmp_path, "markdown") == "- **q**: Cy 2020 mixed, Bob 2020 con, Ann 2020 pro"
