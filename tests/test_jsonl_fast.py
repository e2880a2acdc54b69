"""`sjdsl eval`'s fast path (blocks read and written, the generated JSON functions, `--fields`)
writes, byte for byte and in the same order, what the explained calculator answers line by
line: on a few thousand mixed lines of every kind (common requests, histories, overrides,
errors, blank lines, bytes that are not UTF-8), in both policies' calculators."""

from __future__ import annotations

import datetime
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest

from sjdsl import load_policy
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.runtime.jsonio import encode_bytes
from sjdsl.runtime.money import in_money
from sjdsl.tools.cli import RESULT_FIELDS, _answer, evaluate_lines, main, read_lines

from .conftest import ROOT, SONGJIANG

GANJINGZI = ROOT / "policies" / "ganjingzi-hq-economy-2019"
NO_TRACE = frozenset(("eligible", "amount", "district_share", "town_share"))


def explained(policy: CompiledPolicy) -> CompiledPolicy:
    """The same policy with no generated function: every request goes the explained way."""
    return attrs.evolve(policy, provisions={
        pid: attrs.evolve(spec, json=None, json_bare=None, amount=None)
        for pid, spec in policy.provisions.items()})


def _value(spec: Any, rng: random.Random) -> Any:
    if spec.kind == "count":
        return rng.choice([0, 1, 3, 12, 30])
    if spec.kind == "enum":
        return rng.choice(spec.values)
    if spec.kind == "bool":
        return rng.choice([True, False])
    if spec.kind == "percent":
        return str(rng.randint(0, 100))
    if spec.kind == "date":
        return f"20{rng.randint(19, 28)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    if spec.kind in ("money", "area"):
        fen = rng.choice([0, 1, 99, 10**rng.randint(2, 12) + rng.randint(0, 10**6)])
        return rng.choice([f"{fen // 100}.{fen % 100:02d}", fen // 100, str(fen // 100)])
    return "X-1"


def _days(policy: CompiledPolicy) -> list[datetime.date]:
    """Days within the policy's validity (most), its first and last, and one either side."""
    start = policy.valid_from or datetime.date(2020, 1, 1)
    end = policy.valid_to or datetime.date(2030, 1, 1)
    one = datetime.timedelta(days=1)
    inside = [start + (end - start) * k // 7 for k in range(1, 7)]
    return inside * 3 + [start, end, start - one, end + one]


def request(policy: CompiledPolicy, rng: random.Random) -> dict[str, Any]:
    pid = rng.choice(sorted(policy.provisions))
    spec = policy.provisions[pid]
    raw: dict[str, Any] = {
        "provision": pid,
        "date": str(rng.choice(_days(policy))),
        "inputs": {s.name: _value(s, rng) for s in spec.inputs
                   if not s.optional or rng.random() < 0.5}}
    if spec.needs_project or rng.random() < 0.5:
        raw["project"] = rng.choice(["P1", "P2"])
    if spec.needs_person:
        raw["person"] = "张三"
    if rng.random() < 0.15:
        raw["history"] = [{"provision": pid, "date": str(policy.valid_from or "2020-01-01"),
                           "amount": f"{rng.randint(0, 10**7)}.00", "project": "P1"}]
    if rng.random() < 0.1:
        raw["override_approved"] = True
    return raw


def mixed_lines(policy: CompiledPolicy, n: int, seed: int) -> bytes:
    """n lines: mostly requests, some of them broken in the ways users break them."""
    rng = random.Random(seed)
    out = [b"\xef\xbb\xbf" + json.dumps(request(policy, rng)).encode()]  # a byte order mark
    for _ in range(n - 1):
        raw = request(policy, rng)
        kind = rng.random()
        if kind < 0.75:
            line = json.dumps(raw, ensure_ascii=rng.random() < 0.5)
        elif kind < 0.78:
            line = ""  # blank: skipped, no answer
        elif kind < 0.81:
            line = json.dumps(raw)[:-3]  # cut short: not JSON
        elif kind < 0.84:
            line = json.dumps(dict(raw, provision="9.9"))
        elif kind < 0.87:
            line = json.dumps(raw).replace('"inputs": {', '"inputs": {"x": 1.5, ', 1)
        elif kind < 0.90:
            line = json.dumps(raw).replace('{"provision"', '{"date": "2026-01-01", "provision"', 1)
        elif kind < 0.92:
            out.append(b'{"provision": "1.1", "date": "\xff"}')  # not UTF-8
            continue
        elif kind < 0.94:
            line = json.dumps(dict(raw, overide_approved=True))
        elif kind < 0.96:
            line = json.dumps(dict(raw, date="2026-02-30"))
        elif kind < 0.98:
            line = json.dumps({**raw, "inputs": {k: (f"{v},000" if isinstance(v, str) else v)
                                                 for k, v in raw["inputs"].items()}})
        elif kind < 0.99:  # an integer too large for orjson, which reads it as a float
            line = json.dumps(raw).replace('"inputs": {', '"inputs": {"x": 10000000000000000000000, ', 1)
        else:
            line = json.dumps([raw])  # not an object
        out.append(line.encode())
    return b"\n".join(out) + b"\n"


def reference(policy: CompiledPolicy, data: bytes, fields: frozenset[str] | None) -> bytes:
    """The lines one at a time, each by the explained calculator, cut to ``fields``."""
    slow = explained(policy)
    lines = data.split(b"\n")[:-1]
    lines[0] = lines[0].removeprefix(b"\xef\xbb\xbf")
    out = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            result = in_money(_answer, slow, line + b"\n", number)
            if fields is not None and "error" not in result:
                result = {k: v for k, v in result.items() if k in fields}
            out.append(encode_bytes(result) + b"\n")
    return b"".join(out)


def fast(policy: CompiledPolicy, data: bytes, fields: frozenset[str] | None) -> bytes:
    out = io.BytesIO()
    evaluate_lines(policy, read_lines(io.BytesIO(data)), out, fields=fields)
    return out.getvalue()


@pytest.mark.parametrize("folder", [SONGJIANG, GANJINGZI], ids=lambda p: p.name)
@pytest.mark.parametrize("fields", [
    None, NO_TRACE, frozenset(("trace", "provision")), frozenset(RESULT_FIELDS),
    # without the trace, the rows written from templates: one field, no field of the row, the
    # reasons (text to escape), fields the common answer does not have, all but the trace
    frozenset(("amount",)), frozenset(("provision",)), frozenset(("reasons", "eligible")),
    frozenset(("provision", "ceiling", "version", "shares", "town_share")),
    frozenset(RESULT_FIELDS) - {"trace"}], ids=lambda f: ",".join(sorted(f)) if f else "all")
def test_the_fast_path_writes_the_explained_answers_byte_for_byte(
        folder: Path, fields: frozenset[str] | None) -> None:
    policy = load_policy(folder)
    data = mixed_lines(policy, 2500, seed=len(folder.name))
    expected = reference(policy, data, fields)
    assert expected.count(b'{"error"') > 200  # the mixture holds every kind of line
    if fields is None:
        assert expected.count(b'"eligible":true') > 50 and b'"override_applied"' in expected
    assert fast(policy, data, fields) == expected


class Trickle(io.RawIOBase):
    """A pipe that hands over a few bytes at a time, so every line crosses a block's end."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read1(self, n: int = -1) -> bytes:
        piece, self.data = self.data[:self.size], self.data[self.size:]
        return piece


def test_lines_across_blocks_and_over_the_limit_are_read_as_readline_reads_them() -> None:
    data = b"ab\n" + b"x" * 25 + b"\n\ncd\r\n" + b"y" * 11 + b"\n" + b"z" * 12 + b"\nend"
    expected = []
    stream = io.BytesIO(data)
    while line := stream.readline(11):  # the former reader: readline(limit + 1), the rest skipped
        if len(line) == 11 and not line.endswith(b"\n"):
            while (rest := stream.readline(4)) and not rest.endswith(b"\n"):
                pass
        expected.append(line)
    for size in (1, 2, 3, 7, 64):
        assert list(read_lines(Trickle(data, size), limit=10)) == expected, size


def test_unknown_field_is_a_usage_error_with_a_suggestion(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(SONGJIANG), "--fields", "eligible,amuont"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "unknown field 'amuont'" in err and "did you mean 'amount'?" in err
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(SONGJIANG), "--fields", "amount,"])
    assert exit_.value.code == 2
    assert "an empty field name" in capsys.readouterr().err


def test_fields_cut_the_answer_but_never_an_error_line() -> None:
    lines = ['{"provision": "6.1", "date": "2026-03-15", '
             '"inputs": {"rd_equipment_investment": "12000000"}}\n',
             '{"provision": "6.1", "date": "2026-03-15", "inputs": {}}\n']
    command = [sys.executable, "-m", "sjdsl.tools.cli", "eval", str(SONGJIANG), "--fields",
               "town_share, amount,eligible"]
    done = subprocess.run(command, input="".join(lines), capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=dict(os.environ, SJDSL_NO_CACHE="1"))
    assert done.returncode == 1
    first, second = done.stdout.splitlines()
    # 6.1: 研发设备投入 12,000,000 × 15% = 1,800,000.00 (under 300万元); A.2 splits 7:3 → 540,000.00
    # to the town; the fields in the contract's order, whatever order --fields gives them in
    assert first == '{"eligible":true,"amount":"1800000.00","town_share":"540000.00"}'
    error = json.loads(second)
    assert set(error) == {"error", "field", "provision", "line"} and error["line"] == 2


def test_an_error_line_is_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line that ends in an error (here a misspelt input name, which asks difflib for a hint)
    goes through the explained calculator once, not again by the standard reading, unless it
    holds a float, whose own text only the standard reading keeps."""
    policy = load_policy(SONGJIANG)
    calls = []
    evaluate_raw = CompiledPolicy.evaluate_raw

    def counted(self: CompiledPolicy, raw: Any) -> Any:
        calls.append(raw)
        return evaluate_raw(self, raw)

    monkeypatch.setattr(CompiledPolicy, "evaluate_raw", counted)
    misspelt = {"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investmnt": "1"}}
    out = io.BytesIO()
    evaluate_lines(policy, [json.dumps(misspelt).encode() + b"\n"] * 3, out)
    assert len(calls) == 3
    assert all(json.loads(line)["field"] == "fixed_asset_investmnt"
               for line in out.getvalue().splitlines())
    calls.clear()
    with_float = dict(misspelt, inputs={"fixed_asset_investment": 1.5})
    out = io.BytesIO()
    evaluate_lines(policy, [json.dumps(with_float).encode() + b"\n"], out)
    assert len(calls) == 2 and "1.5 is a binary float" in out.getvalue().decode()


@pytest.mark.parametrize("fields", [("provision",), ("provision", "amount")])
def test_a_row_is_written_as_orjson_writes_its_object(fields: tuple[str, ...]) -> None:
    """The no-trace line from its template, byte for byte orjson's encoding of the object cut
    to the fields, a provision id holding a template's own "%" and a quote included."""
    from sjdsl.tools.cli import _row_writer

    row = (True, "1.85", "1.30", "0.55", True, [])
    for provision in ("1.1", '9%"x'):
        answer = {"provision": provision, "eligible": True, "amount": "1.85"}
        expected = orjson.dumps({k: answer[k] for k in fields}) + b"\n"
        assert _row_writer(fields)(provision, row) == expected
