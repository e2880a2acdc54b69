"""Hardening: damaged policies, random valid programs, hostile requests, resource bounds, module
caches that others could have written.

Whatever arrives, the tools answer with diagnostics or error lines, never a traceback. The runs
here are bounded (fixed seeds, a few thousand cases) so that `make test` stays quick; `make fuzz`
runs the same properties with many more examples (SJDSL_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import random
import re
import shutil
import tempfile
import time
from pathlib import Path
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sjdsl.language import cache
from sjdsl.language.diagnostics import CompileError
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import evaluate_lines, main
from sjdsl.tools.cli_ledger import grant_lines
from sjdsl.tools.driver import Sources, compile_policy, load, load_module
from sjdsl.tools.ledger import Ledger

from .conftest import ROOT, SONGJIANG
from .policy_strategy import programs

EXAMPLES = int(os.environ.get("SJDSL_FUZZ_EXAMPLES", "60"))
MUTANTS = int(os.environ.get("SJDSL_FUZZ_MUTANTS", "800"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))

NASTY = ["「", "」", "『", '"', "'", "(", ")", "（", "）", "：", "，", "。", "、", "\u200b",
         "\u3000", "\x00", "\t", "\n", "#", "%", "万元", "条款", "    ", "１２", "\\", "{{", "}}"]


def mutate(text: str, rng: random.Random) -> str:
    """Damage a policy file the way people and tools do."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 4)):
        action = rng.randrange(6)
        if action == 0 and text:
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 8):]
        elif action == 1:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(NASTY) + text[at:]
        elif action == 2 and lines:
            del lines[rng.randrange(len(lines))]
            text = "".join(lines)
        elif action == 3 and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif action == 4 and text:
            text = text[: rng.randrange(len(text))]
        else:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + chr(rng.randint(0x20, 0x9FFF)) + text[at:]
        lines = text.splitlines(keepends=True)
    return text


@pytest.mark.slow
def test_damaged_policies_get_diagnostics_never_a_traceback(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    originals = {p.name: p.read_text(encoding="utf-8") for p in SONGJIANG.glob("*.pol")}
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "official.txt").write_bytes((SONGJIANG / "official.txt").read_bytes())
    outcomes = {"ok": 0, "diagnostics": 0}
    for _ in range(MUTANTS):
        victim = rng.choice(sorted(originals))
        for name, text in originals.items():
            damaged = mutate(text, rng) if name == victim else text
            (folder / name).write_text(damaged, encoding="utf-8", errors="surrogatepass")
        try:
            load(folder, Sources())
            outcomes["ok"] += 1
        except CompileError as exc:
            assert exc.diagnostics
            for diag in exc.diagnostics:
                assert diag.span.file and diag.code and diag.message
            outcomes["diagnostics"] += 1
    assert outcomes["diagnostics"] > MUTANTS // 2, outcomes


@FUZZ
@given(programs())
def test_random_valid_programs_check_compile_and_import(program: tuple[str, str]) -> None:
    text, official = program
    folder = Path(os.environ.get("PYTEST_TMP", "/tmp")) / f"sjdsl-fuzz-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    (folder / "p.pol").write_text(text, encoding="utf-8")
    (folder / "official.txt").write_text(official, encoding="utf-8")
    try:
        compiled = compile_policy(folder / "p.pol")
    except CompileError as exc:
        raise AssertionError("\n".join(d.message for d in exc.diagnostics) + "\n" + text) from None
    policy = load_module(compiled).POLICY
    for pid, spec in policy.provisions.items():
        inputs = {s.name: _any_value(s) for s in spec.inputs}
        raw = {"provision": pid, "date": "2026-06-01", "inputs": inputs, "project": "P",
               "person": "R"}
        result = policy.evaluate_json(raw)
        assert "error" in result or result["amount"].count(".") == 1
        common = policy.answer_common(dict(raw, person=None))
        if common is not None:  # the generated answer agrees with the explained path
            assert common == policy.evaluate_raw(dict(raw, person=None)).to_json(), pid
        bare = policy.answer_common(dict(raw, person=None), trace=False)  # and its no-trace twin
        assert bare == (None if common is None else
                        {k: v for k, v in common.items() if k != "trace"}), pid
        if "error" not in result:  # the amount-only target agrees, history or not
            earlier = {"provision": pid, "date": "2025-06-01", "amount": "10000.00",
                       "project": "P", "person": "R", "inputs": inputs}
            for history in ([], [earlier], [earlier, dict(earlier, date="2026-01-02")]):
                request = policy.parse_request(dict(raw, history=history))
                assert policy.run_amount(request) == policy.run(request).amount, (pid, history)


def _any_value(spec) -> object:  # type: ignore[no-untyped-def]
    return {"money": "1234567.89", "area": "100.5", "count": 3, "percent": "75",
            "bool": False, "date": "2026-01-01"}.get(spec.kind, spec.values[0] if spec.values
                                                     else "x")


HOSTILE_LINES = [
    "", "not json", "{", "[]", "null", "42", '"text"', "{}",
    "[" * 100_000 + "]" * 100_000,
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": ' +
    "9" * 5000 + "}}",
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": NaN}}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": Infinity}}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "１２３"}}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": true}}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": 1e5}}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "1e5"}}',
    '{"provision": "4.4", "date": "2026-03-15", "inputs": {"products": true}}',
    '{"provision": "4.4", "date": "2026-03-15", "inputs": {"products": 2.0}}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {}, "colour": "red"}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "1"}, '
    '"history": [1, 2]}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "1"}, '
    '"history": [{"provision": "1.1"}]}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "1"}, '
    '"history": "none"}',
    '{"provision": ["1.1"], "date": "2026-03-15"}',
    '{"provision": "1.1", "date": 20260315}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "' +
    "1" * 2_000_000 + '"}}',
    '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "1"}, '
    '"override_approved": "yes"}',
]
GOOD = '{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "100"}}'


def test_hostile_request_lines_each_get_one_error_and_the_stream_goes_on(
        songjiang: CompiledPolicy) -> None:
    lines = []
    for hostile in HOSTILE_LINES:
        lines += [GOOD, hostile]
    lines.append(GOOD)
    out = io.StringIO()
    started = time.monotonic()
    assert evaluate_lines(songjiang, [line + "\n" for line in lines], out) == 1
    assert time.monotonic() - started < 60
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    goods = [a for a in answers if a.get("amount") == "15.00"]  # 15% × 100
    errors = [a for a in answers if "error" in a]
    assert len(goods) == len(HOSTILE_LINES) + 1
    assert len(errors) == len([h for h in HOSTILE_LINES if h.strip()])
    for error in errors:
        assert "Traceback" not in error["error"] and len(error["error"]) < 500


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20) |
                    st.floats(allow_nan=True),
                    lambda children: st.lists(children, max_size=4) |
                    st.dictionaries(st.sampled_from(["provision", "date", "inputs", "history",
                                                     "project", "override_approved", "x",
                                                     "fixed_asset_investment", "amount"]),
                                    children, max_size=5),
                    max_leaves=20))
def test_random_json_requests_are_answered_or_refused(raw: object) -> None:
    from sjdsl import load_policy
    policy = _POLICY.setdefault("p", load_policy(SONGJIANG))
    answer = policy.evaluate_json(raw)
    assert "error" in answer or answer["amount"].count(".") == 1


_POLICY: dict[str, object] = {}


@pytest.mark.slow
def test_a_huge_pol_file_is_refused_quickly(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "huge"
    folder.mkdir()
    (folder / "official.txt").write_text("x", encoding="utf-8")
    (folder / "p.pol").write_text("# padding\n" * 1_100_000, encoding="utf-8")  # ~11 MB
    started = time.monotonic()
    assert main(["check", str(folder)]) == 1
    assert time.monotonic() - started < 30
    assert "error[E019]" in capsys.readouterr().err


def test_a_huge_request_line_is_refused(songjiang: CompiledPolicy) -> None:
    out = io.StringIO()
    line = '{"provision": "1.1", "pad": "' + "x" * 10_000_000 + '"}\n'
    assert evaluate_lines(songjiang, [line, GOOD + "\n"], out) == 1
    first, second = (json.loads(x) for x in out.getvalue().splitlines())
    assert "at most" in first["error"] and second["amount"] == "15.00"


def test_hostile_text_in_a_policy_is_only_ever_a_constant(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    payload = (f'""" \' \\\\ {{{{ x }}}} {{% if 1 %}} __import__("os").system("touch {canary}")'
               f' <script>alert(1)</script> [a](javascript:x) **b**')
    folder = tmp_path / "p"
    folder.mkdir()
    quoted = payload.replace("\\", "\\\\").replace('"', '\\"')
    (folder / "official.txt").write_text("给予最高 1 万元奖励。" + payload, encoding="utf-8")
    (folder / "p.pol").write_text(
        f'政策 p "{quoted}"\n  文号 "{quoted}"\n  原文文件 「official.txt」\n'
        f'措施 1 "{quoted}"\n  条款 1.1 "{quoted}"\n    原文 「给予最高 1 万元奖励。」\n'
        f'    原文 "{quoted}"\n    奖励 最高 1万元\n      解读 "{quoted}"\n', encoding="utf-8")
    compiled = compile_policy(folder)
    module = load_module(compiled)
    assert module.POLICY.title == payload and not canary.exists()
    assert "__import__" not in "".join(
        line for line in compiled.source.splitlines() if not line.lstrip().startswith(
            ("'", '"', "title=", "doc_number=")) and "__import__" in line and "'" not in line)
    result = module.POLICY.evaluate("1.1", date="2026-01-01")
    assert str(result.amount) == "10000.00" and not canary.exists()


# -- the ledger: reused ids with other content, and enterprise ids that are not plain text

_LEDGER_IDS = itertools.count()
_BASE_GRANT = {"enterprise": "E-甲", "provision": "3.1", "date": "2026-05-01",
               "inputs": {"contract_amount": "10000000"}}  # 5% × 1000万 = 50万
#: Text with lone surrogates and control characters among the rest (st.text would drop the
#: surrogates: joining characters keeps them).
_WEIRD = st.lists(st.one_of(st.characters(exclude_categories=()),
                            st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b", "\x7f", "\x85",
                                             "\u2028", "\u3000", "甲", "\\", '"'])),
                  min_size=1, max_size=12).map("".join)
_CHANGES = st.one_of(
    st.fixed_dictionaries({"enterprise": _WEIRD}),
    st.fixed_dictionaries({"inputs": st.fixed_dictionaries({"contract_amount": st.integers(
        0, 10**14).filter(lambda n: n != 10_000_000).map(str)})}),
    st.fixed_dictionaries({"inputs": st.fixed_dictionaries({"合同金额": st.integers(
        0, 10**14).filter(lambda n: n != 10_000_000)})}),
    st.fixed_dictionaries({"date": st.dates().filter(
        lambda d: str(d) != "2026-05-01").map(str)}),
    st.fixed_dictionaries({"provision": st.sampled_from(["1.1", "3.2", "3.3", "99.9"]),
                           "inputs": st.just({})}),
    st.fixed_dictionaries({"project": _WEIRD}),
    st.fixed_dictionaries({"person": _WEIRD}),
    st.fixed_dictionaries({"override_approved": st.just(True)}),
    st.fixed_dictionaries({"policy": st.just("another-policy")}),
)


def _ledger_rows(ledger: Ledger) -> list[tuple[object, ...]]:
    return ledger.db.execute("SELECT * FROM grants ORDER BY rowid").fetchall()


@FUZZ
@given(_CHANGES)
def test_a_reused_ledger_id_with_other_content_is_an_error_and_the_first_grant_stands(
        tmp_path: Path, songjiang: CompiledPolicy, change: dict[str, object]) -> None:
    policy = songjiang
    key = f"reuse-{next(_LEDGER_IDS)}"
    first = dict(_BASE_GRANT, id=key, enterprise=f"E-{key}")
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        granted = ledger.grant(policy, first)
        assert granted["amount"] == "500000.00", granted
        before = _ledger_rows(ledger)
        other = attrs.evolve(policy, name=change.pop("policy")) if "policy" in change else policy
        answer = ledger.grant(other, dict(first, **change))
        assert "error" in answer and "repeated" not in answer, answer
        if answer["field"] == "id":
            assert key in answer["error"], answer
        else:  # a key that is not plain text is refused before the id is looked up
            assert answer["field"] in ("enterprise", "project", "person"), answer
        assert _ledger_rows(ledger) == before
        assert ledger.grant(policy, first) == dict(granted, repeated=True)


@FUZZ
@given(_WEIRD, _WEIRD)
def test_any_enterprise_id_is_answered_and_the_next_line_is_still_granted(
        tmp_path: Path, songjiang: CompiledPolicy, enterprise: str, key: str) -> None:
    policy = songjiang
    serial = next(_LEDGER_IDS)
    good = {"id": f"good-{serial}", "enterprise": "E-good", "provision": "1.1",
            "date": "2026-05-01", "inputs": {"fixed_asset_investment": "100"}}  # 15% × 100
    weird = dict(good, id=f"{key}-{serial}", enterprise=enterprise)
    lines = [json.dumps(weird).encode() + b"\n", json.dumps(good).encode() + b"\n"]
    out = io.StringIO()
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        status = grant_lines(policy, ledger, lines, out)
    text = out.getvalue()
    text.encode("utf-8")  # the answers are UTF-8 (a surrogate is escaped, never written raw)
    answers = [json.loads(line) for line in text.split("\n") if line]
    assert len(answers) == 2 and answers[1]["amount"] == "15.00", answers
    if "error" in answers[0]:
        assert status == 1 and answers[0]["field"] in ("id", "enterprise"), answers[0]
        assert "Traceback" not in answers[0]["error"] and len(answers[0]["error"]) < 500
    else:  # as the request line says it: JSON reads the escapes of a surrogate pair as one character
        assert status == 0 and answers[0]["enterprise"] == json.loads(json.dumps(enterprise))


# --- module caches others could have written (issue 16, finding 1) ---------------------------

OWN_UID = os.getuid() if hasattr(os, "getuid") else 0
OTHER_UID = OWN_UID + 4242
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0  # only root can give files to another user
FAULTS = ["folder mode", "key mode", "entry mode", "entry tag: another key", "entry tag: none",
          *(["folder owner", "key owner", "entry owner"] if AS_ROOT else [])]
PLANTED = "raise SystemExit('planted code ran')"


@st.composite
def cache_folders(draw: st.DrawFn) -> tuple[list[str], str, list[int], list[int]]:
    """What may be wrong with a cache folder (nothing, or a few faults at once), and the tag,
    owners and group/other mode bits of its folder, key and entry that follow from it."""
    faults = draw(st.lists(st.sampled_from(FAULTS), unique=True, max_size=3))
    tags = [f.removeprefix("entry tag: ") for f in faults if f.startswith("entry tag")]
    owners = [OTHER_UID if f"{part} owner" in faults else OWN_UID
              for part in ("folder", "key", "entry")]
    loose = st.integers(1, 0o77)
    modes = [draw(loose) if "folder mode" in faults else 0,
             draw(loose) if "key mode" in faults else 0,
             draw(loose.filter(lambda m: m & 0o022)) if "entry mode" in faults
             else draw(st.sampled_from([0, 0o004, 0o040, 0o044]))]  # others may read an entry
    return faults, (tags or ["ours"])[0], owners, modes


def _cache_folder(base: Path, tag: str, owners: list[int], modes: list[int]) -> None:
    """A cache folder holding an entry for the Songjiang policy, as someone may have left it:
    folder, key and entry with their owners and the group/other bits of their modes; the entry's
    tag made with the folder's key, another key, or none (the old format)."""
    secret = os.urandom(32)
    (base / "key").write_bytes(secret)
    name = f"{cache._key(SONGJIANG.resolve(), [])}.json"
    data = json.dumps({"format": 2, "listing": cache._listing(SONGJIANG.resolve(), []),
                       "files": {}, "module_name": "planted", "warnings": "",
                       "source": PLANTED}).encode()
    signed = {"ours": cache._tag(secret, name, data) + b"\n",
              "another key": cache._tag(os.urandom(32), name, data) + b"\n", "none": b""}[tag]
    (base / name).write_bytes(signed + data)
    for file, owner, mode, keep in [(base / "key", owners[1], modes[1], 0o600),
                                    (base / name, owners[2], modes[2], 0o600),
                                    (base, owners[0], modes[0], 0o700)]:
        file.chmod(keep | mode)
        if owner != OWN_UID:
            os.chown(file, owner, -1)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no user ids on this system")
@FUZZ
@given(cache_folders(), st.booleans())
def test_a_cache_others_could_write_is_never_run(folder: tuple[list[str], str, list[int],
                                                               list[int]], linked: bool) -> None:
    """The stored code is used only when the folder (mode 0700), the key (0600) and the entry
    (not writable by others) are all the user's own and the tag is made with the user's key;
    otherwise nothing stored is used, with one warning line and never an exception.
    (`sjdsl eval` runs exactly what lookup returns.)"""
    faults, tag, owners, modes = folder
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "cache"
        base.mkdir()
        _cache_folder(base, tag, owners, modes)
        if linked:  # a link to the folder: what counts is the folder it leads to
            (Path(tmp) / "link").symlink_to(base)
        where = Path(tmp) / "link" if linked else base
        stderr = io.StringIO()
        cache._warned.clear()
        with mock.patch.dict(os.environ, {"SJDSL_CACHE_DIR": str(where)}), \
                contextlib.redirect_stderr(stderr):
            found = cache.lookup(SONGJIANG)
            again = cache.lookup(SONGJIANG)  # still one warning at most
        cache._warned.clear()
    if not faults:
        assert found is not None and found["source"] == PLANTED and not stderr.getvalue()
        assert again == found
    else:
        assert found is None and again is None, faults
        (warning,) = stderr.getvalue().splitlines()
        assert warning.startswith(f"sjdsl: warning: ignoring the module cache at {where}: ")
# ---------------------------------------------------------------- check-ok implies compile-ok


def test_a_lone_surrogate_in_a_quoted_text_fails_check_not_compile(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"\\ud800" passed check; compile then stopped with UnicodeEncodeError (exit 3) and left
    fidelity.md.tmp behind. Check now refuses it where it stands, and compile writes nothing."""
    case = ROOT / "tests" / "cases" / "err" / "E001-lone-surrogate.pol"
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "p.pol").write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "official.txt").write_bytes((case.parent / "official.txt").read_bytes())
    assert main(["check", str(folder)]) == 1
    assert f"{folder / 'p.pol'}:10:27" in capsys.readouterr().err
    out = tmp_path / "generated"
    assert main(["compile", str(folder), "--out", str(out)]) == 1
    assert not out.exists() or not list(out.rglob("*"))


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from sjdsl.tools.cli import _write

    with pytest.raises(UnicodeEncodeError):
        _write(tmp_path / "page.md", "half a pair: \ud800")
    assert not list(tmp_path.iterdir())

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    assert main(["compile", str(SONGJIANG), "--out", str(tmp_path / "generated")]) == 1
    assert not list((tmp_path / "generated").rglob("*.tmp"))


# ---------------------------------------------------------------- numbers taken from cited text

GANJINGZI = ROOT / "policies" / "ganjingzi-hq-economy-2019"
NUMBER_EDITS = max(24, MUTANTS // 20)  # 40 in make test, 1,000 (all of them) in make fuzz


def _what_uses(policy, used) -> str:  # type: ignore[no-untyped-def]
    """The award or limit kind (or header rule) a number of the policy belongs to: the last of
    its provision's awards and limits that starts before it (tiers and bands sit under theirs)."""
    at = (used.span.file, used.span.line, used.span.column)
    items = [item for provision in policy.provisions() if provision.id == used.provision
             for item in (*provision.awards, *provision.limits)
             if (item.span.file, item.span.line, item.span.column) <= at]
    if not items:
        return "rule or measure"
    return type(max(items, key=lambda i: (i.span.line, i.span.column))).__name__


def number_edits() -> list[tuple[str, Path, str, str, str, bool]]:
    """For each number of the two policies and each cited sentence that holds it, the sentence
    with that number gone, with its digits gone, and with it changed: (what uses it, policy,
    sentence, edited sentence, how, whether a cited sentence still holds the number). Ordered so
    that any prefix of the list covers every kind of use."""
    from sjdsl.language.fidelity import used_quantities

    by_kind: dict[str, list[tuple[str, Path, str, str, str, bool]]] = {}
    for folder in (SONGJIANG, GANJINGZI):
        policy = load(folder, Sources())[0].policy
        for used in used_quantities(policy):
            what = f"{_what_uses(policy, used)}/{used.kind}"
            cites = list(dict.fromkeys(c.text for c in used.cites))
            for cite in cites:
                for start, end in _spans_of(used, cite):
                    digits = re.match(r"[0-9,.]+", cite[start:end])
                    bumped = (str(int(digits.group(0).split(".")[0].replace(",", "") or 0) + 7)
                              if digits else "九")
                    number_end = start + (digits.end() if digits else 1)
                    for how, edited in (("gone", cite[:start] + cite[end:]),
                                        ("no digits", cite[:start] + cite[number_end:]),
                                        ("changed", cite[:start] + bumped + cite[number_end:])):
                        held = any(_spans_of(used, edited if c == cite else c) for c in cites)
                        by_kind.setdefault(what, []).append(
                            (what, folder, cite, edited, how, held))
    rng = random.Random(16)
    for edits in by_kind.values():
        rng.shuffle(edits)
    rounds = [[edits[i] for edits in by_kind.values() if i < len(edits)]
              for i in range(max(len(e) for e in by_kind.values()))]
    return [edit for each_round in rounds for edit in sorted(each_round)]


def _spans_of(used, text: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Where a text states the number a policy uses, as fidelity reads numbers."""
    from sjdsl.language.fidelity import _COUNT, _chinese_count, find_quantities

    if used.kind == "count":
        return [m.span() for m in _COUNT.finditer(text) if _chinese_count(m.group(1)) == used.value]
    return [(f.start, f.end) for f in find_quantities(text)
            if f.kind == used.kind and f.value == used.value]


def test_number_edits_cover_every_award_kind_of_both_policies() -> None:
    kinds = {what.split("/")[0] for what, *_ in number_edits()[:NUMBER_EDITS]}
    assert {"RateAward", "FixedAward", "PerUnitAward", "TieredAward", "MultipleAward",
            "BandAward", "LadderAward", "PerAwardCap", "Threshold", "Instalments",
            "DurationLimit", "JointLimit", "rule or measure"} <= kinds, kinds


@pytest.mark.slow
def test_a_number_taken_from_its_cited_sentence_is_a_diagnostic_never_a_crash(
        tmp_path: Path) -> None:
    """The sentence is edited in official.txt and in every 原文 that quotes it, so the cite still
    stands and only the number is missing: 2倍 made check stop with KeyError: 'multiple'. What
    check accepts, compile must write (check-ok implies compile-ok)."""
    from sjdsl.language.fidelity import OfficialIndex

    outcomes: dict[str, int] = {}
    edits = number_edits()[:NUMBER_EDITS]
    for what, folder, sentence, edited, how, held in edits:
        copy = tmp_path / "policy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy)
        official = (copy / "official.txt").read_text(encoding="utf-8")
        where = OfficialIndex(official).locate(sentence)
        assert where is not None, sentence
        (copy / "official.txt").write_text(official[:where[0]] + edited + official[where[1]:],
                                           encoding="utf-8")
        for pol in copy.glob("*.pol"):
            text = pol.read_text(encoding="utf-8")
            pol.write_text(text.replace(f"「{sentence}」", f"「{edited}」"), encoding="utf-8")
        try:
            load(copy, Sources())
        except CompileError as exc:
            assert exc.diagnostics and all(d.span.file and d.message for d in exc.diagnostics)
            codes = {d.code for d in exc.diagnostics if d.severity == "error"}
            assert codes & {"E014", "E009"}, (what, how, edited, codes)
            outcomes["diagnostics"] = outcomes.get("diagnostics", 0) + 1
            continue
        assert held, f"{what}: check passed a number its cited sentences lost: {edited}"
        out = tmp_path / "generated"
        assert main(["compile", str(copy), "--out", str(out)]) == 0, (what, how, edited)
        assert not list(out.rglob("*.tmp"))
        outcomes["ok"] = outcomes.get("ok", 0) + 1
    assert outcomes.get("diagnostics", 0) > len(edits) // 2, outcomes


ESCAPES = ["\\ud800", "\\udbff", "\\udc00", "\\ud83d\\ude00", "\\u5e02", "\\n", '\\"', "\\\\",
           "\\ud83d", "\\ude00"]
_QUOTED = re.compile(r"「([^」\n]*)」")


def escape_quoted_text(text: str, rng: random.Random) -> str:
    """A 「…」 text of a policy file rewritten as "…" with JSON escapes put in: whole characters,
    whole UTF-16 pairs, and halves of pairs (which UTF-8 cannot hold)."""
    quoted = list(_QUOTED.finditer(text))
    match = rng.choice(quoted)
    inner = match.group(1).replace("\\", "\\\\").replace('"', '\\"')
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(inner) + 1)
        while (at - len(inner[:at].rstrip("\\"))) % 2:
            at -= 1  # not between a backslash and the character it escapes
        inner = inner[:at] + rng.choice(ESCAPES) + inner[at:]
    return text[:match.start()] + f'"{inner}"' + text[match.end():]


@pytest.mark.slow
def test_what_check_passes_in_an_escaped_text_compile_writes(tmp_path: Path) -> None:
    """A lone surrogate escaped in a "…" text passed check and stopped compile (exit 3, a .tmp
    file left behind): check must refuse exactly what compile cannot write."""
    rng = random.Random(1016)
    originals = {p.name: p.read_text(encoding="utf-8") for p in SONGJIANG.glob("*.pol")}
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "official.txt").write_bytes((SONGJIANG / "official.txt").read_bytes())
    outcomes = {"ok": 0, "E001": 0, "other": 0}
    compiles = max(4, MUTANTS // 200)  # a compile takes a second: 4 in make test, 100 in fuzz
    for _ in range(MUTANTS // 16):
        victim = rng.choice(sorted(originals))
        for name, text in originals.items():
            changed = escape_quoted_text(text, rng) if name == victim else text
            (folder / name).write_text(changed, encoding="utf-8")
        try:
            load(folder, Sources())
        except CompileError as exc:
            codes = {d.code for d in exc.diagnostics}
            outcomes["E001" if "E001" in codes else "other"] += 1
            continue
        outcomes["ok"] += 1
        if outcomes["ok"] <= compiles:
            out = tmp_path / "generated"
            assert main(["compile", str(folder), "--out", str(out)]) == 0
            assert not list(out.rglob("*.tmp"))
    assert outcomes["ok"] > compiles and outcomes["E001"] > MUTANTS // 40, outcomes


@pytest.mark.parametrize("which", ["official", "amendment"])
def test_a_nul_in_the_name_of_an_official_text_is_e013(which: str, tmp_path: Path) -> None:
    """「offi\\x00cial.txt」 (a damaged file, found by make fuzz) stopped check with ValueError:
    embedded null byte."""
    copy = tmp_path / "policy"
    shutil.copytree(SONGJIANG, copy)
    amendment = tmp_path / "amendment"
    shutil.copytree(ROOT / "tests" / "amendments" / "sample-2027", amendment)
    pol = copy / "policy.pol" if which == "official" else amendment / "amendment.pol"
    text = pol.read_text(encoding="utf-8")
    assert text.count("原文文件 「official.txt」") == 1
    pol.write_text(text.replace("原文文件 「official.txt」", "原文文件 「offi\x00cial.txt」"),
                   encoding="utf-8")
    with pytest.raises(CompileError) as info:
        compile_policy(copy, amendments=[amendment])
    [diag] = info.value.diagnostics
    assert diag.code == "E013" and "NUL" in diag.message
