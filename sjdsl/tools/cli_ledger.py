"""Commands over many requests: grant into a ledger, read and revoke, simulate, synthesise.

    sjdsl grant POLICY --ledger PATH < requests.jsonl
    sjdsl ledger show --enterprise E | export --format csv|jsonl | revoke ID --reason TEXT
                 (each with --ledger PATH)
    sjdsl simulate POLICY applications.jsonl [--amend PATH] [--format table|json|markdown|html]
    sjdsl synth [--policy POLICY] --n 10000 --seed 1        (synthetic data)
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sjdsl.runtime.requests import loads
from sjdsl.tools.cli_common import (
    EXIT_ERRORS,
    EXIT_NO_POLICY,
    EXIT_OK,
    EXIT_USAGE,
    command,
    compile_or_report,
)

if TYPE_CHECKING:
    from sjdsl.tools.ledger import Ledger

# The ledger (sqlite3, its request checks) is imported by the commands that use it: `sjdsl eval`
# registers these commands too, and starts without loading it.

DEFAULT_POLICY = Path("policies/songjiang-terminal-2024")


def register(sub: Any, amend_option: Any, day: Any) -> None:
    grant = command(sub, "grant", "grant requests into a ledger (JSON Lines in and out)",
                    "0  every request answered with a grant or a refusal",
                    "1  some line had an error (answered with an error line; the rest were "
                    "still answered), or the ledger cannot be used",
                    "2  the policy does not compile")
    grant.add_argument("policy", type=Path, help="a policy folder or one .pol file")
    grant.add_argument("--ledger", type=Path, required=True,
                       help="the ledger file (SQLite); created when it does not exist")
    amend_option(grant)
    grant.set_defaults(run=cmd_grant)

    ledger = command(sub, "ledger", "read, export or revoke grants in a ledger, or list "
                     "the obligations (义务) of its grants and their state",
                     "0  done", "1  no ledger at that path, it cannot be read, or no grant in "
                     "force with that id")
    ledger.add_argument("action", choices=["show", "export", "revoke", "obligations"],
                        help="show one enterprise's grants, export them all, revoke one (the "
                             "clawback), or list the obligations (义务) and their state")
    ledger.add_argument("grant_id", nargs="?", help="revoke: the grant to revoke")
    ledger.add_argument("--ledger", type=Path, required=True,
                        help="the ledger file (SQLite) written by sjdsl grant")
    ledger.add_argument("--enterprise", help="show: this enterprise's grants")
    ledger.add_argument("--format", choices=["csv", "jsonl"], default="jsonl",
                        help="show / export: JSON Lines (default) or CSV with a header row")
    ledger.add_argument("--reason", help="revoke: why (kept with the record)")
    ledger.add_argument("--as-of", type=day, default=None, metavar="YYYY-MM-DD",
                        help="obligations: the day their state is judged on (default: today)")
    ledger.set_defaults(run=cmd_ledger)

    sim = command(sub, "simulate", "evaluate applications in date order and total them",
                  "0  the report is written", "1  the applications cannot be read, or the "
                  "engine is not installed", "2  the policy (or an amendment) does not compile")
    sim.add_argument("policy", type=Path, help="a policy folder or one .pol file")
    sim.add_argument("applications", type=Path, help="JSON Lines: requests with enterprise")
    sim.add_argument("--format", choices=["table", "json", "markdown", "html"], default="table",
                     help="the report: a text table (default), JSON, Markdown or an HTML page")
    sim.add_argument("--out", type=Path, help="write the report here instead of standard output")
    sim.add_argument("--engine", choices=["scalar", "vector"], default="scalar",
                     help="vector: numpy over int64 fen where it can (pip install sjdsl[vector])")
    amend_option(sim)
    sim.set_defaults(run=cmd_simulate)

    syn = command(sub, "synth", "SYNTHETIC applications (random, not real applicants) for "
                                "simulation and benchmarks, as JSON Lines on standard output",
                  "0  the applications are written", "2  the policy does not compile")
    syn.add_argument("--policy", type=Path, default=DEFAULT_POLICY,
                     help=f"the policy whose inputs are made up (default: {DEFAULT_POLICY})")
    syn.add_argument("--n", type=int, default=1000,
                     help="how many applications (default: 1000)")
    syn.add_argument("--seed", type=int, default=1,
                     help="the random seed: the same seed gives the same applications "
                          "(default: 1)")
    syn.set_defaults(run=cmd_synth)


def _policy(path: Path, amend: list[Path]) -> Any:
    from sjdsl.tools.driver import Sources, load_module

    compiled = compile_or_report(path, Sources(), amend)
    return None if compiled is None else load_module(compiled).POLICY


def _lines(stream: Any) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield number, loads(line)
        except (ValueError, RecursionError):
            yield number, None


def _open(path: Path) -> Ledger | None:
    """The ledger at a path, or None after saying why it cannot be used."""
    from sjdsl.tools.ledger import Ledger, LedgerError

    try:
        return Ledger(path)
    except (LedgerError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def cmd_grant(args: argparse.Namespace) -> int:
    policy = _policy(args.policy, args.amend)
    if policy is None:
        return EXIT_NO_POLICY
    ledger = _open(args.ledger)
    if ledger is None:
        return EXIT_ERRORS
    with ledger:
        if ledger.read_only:  # one message, not one refusal per line: nothing can be granted
            print(f"error: {args.ledger} is read-only: no grant can be recorded, and no "
                  "request was read; make the file writable or give another --ledger",
                  file=sys.stderr)
            return EXIT_ERRORS
        return grant_lines(policy, ledger, sys.stdin.buffer, sys.stdout)


def grant_lines(policy: Any, ledger: Ledger, lines: Iterable[bytes] | Iterable[str],
                out: IO[str]) -> int:
    """Grant each JSON line in order: every line gets one answer line, and the batch goes on
    (a request error, or a ledger error for that grant, is an error line)."""
    from sjdsl.tools.ledger_requests import json_text

    status = EXIT_OK
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        answer = _grant_one(policy, ledger, line, number)
        if "error" in answer:
            status = EXIT_ERRORS
            answer["line"] = number
        out.write(json_text(answer) + "\n")
        out.flush()
    return status


def _grant_one(policy: Any, ledger: Ledger, line: bytes | str, number: int) -> dict[str, Any]:
    from sjdsl.tools.ledger import LedgerError

    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
    except UnicodeDecodeError:
        return {"error": f"line {number}: not valid UTF-8", "field": "json", "provision": None}
    try:
        raw = loads(text)
    except (ValueError, RecursionError):
        return {"error": f"line {number}: not valid JSON", "field": "json", "provision": None}
    try:
        return ledger.grant(policy, raw)
    except LedgerError as exc:
        keys = {k: raw[k] for k in ("provision", "id", "enterprise") if k in raw}
        return {"error": str(exc), "field": "ledger", "provision": None} | keys
    except RecursionError:
        return {"error": "the request is nested too deeply", "field": "request",
                "provision": None}


def cmd_ledger(args: argparse.Namespace) -> int:
    from sjdsl.tools.ledger import LedgerError

    missing = ("revoke needs a grant id and --reason"
               if args.action == "revoke" and not (args.grant_id and args.reason) else
               "show needs --enterprise" if args.action == "show" and not args.enterprise else
               None)
    if missing is not None:  # a usage error, said before the ledger is looked at
        print(f"sjdsl ledger: error: {missing}", file=sys.stderr)
        return EXIT_USAGE
    if not args.ledger.exists():
        print(f"error: no ledger at {args.ledger}", file=sys.stderr)
        return EXIT_ERRORS
    ledger = _open(args.ledger)
    if ledger is None:
        return EXIT_ERRORS
    try:
        with ledger:
            return _ledger_action(args, ledger)
    except LedgerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERRORS


def _ledger_action(args: argparse.Namespace, ledger: Ledger) -> int:
    from sjdsl.tools.ledger_requests import json_text, text_problem

    for name in ("grant_id", "enterprise", "reason"):
        value = getattr(args, name)
        problem = text_problem(value) if value is not None else None
        if problem is not None:
            print(f"error: {name.replace('_', ' ')} {problem}", file=sys.stderr)
            return EXIT_ERRORS
    if args.action == "revoke":
        if not ledger.revoke(args.grant_id, args.reason):
            print(f"error: no grant {args.grant_id!r} in force to revoke", file=sys.stderr)
            return EXIT_ERRORS
        print(f"revoked {args.grant_id}: the record stays, marked, and no longer counts")
        return EXIT_OK
    if args.action == "obligations":
        as_of = (args.as_of or datetime.date.today()).isoformat()
        rows = ledger.obligations(as_of, args.enterprise)
    else:
        rows = ledger.rows(args.enterprise if args.action == "show" else None)
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            print(json_text(row))
    return EXIT_OK


def cmd_simulate(args: argparse.Namespace) -> int:
    from sjdsl.tools.simulate import simulate  # the commands import what they use (fast start)

    try:
        with args.applications.open(encoding="utf-8") as handle:
            lines = [raw for _, raw in _lines(handle)]
        apps = [raw for raw in lines if isinstance(raw, dict)]
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.applications}: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    apps.sort(key=lambda a: str(a.get("date", "")))  # granted in date order
    from sjdsl.tools.driver import Sources, load_module

    compiled = compile_or_report(args.policy, Sources())
    if compiled is None:
        return EXIT_NO_POLICY
    base = load_module(compiled).POLICY
    report = _run_simulation(args, base, compiled.checked, apps)
    if report is None:
        return EXIT_ERRORS
    report.errors += len(lines) - len(apps)  # lines that are not JSON objects
    title = f"预算模拟 · {base.title}（{len(apps)} 项申请，合成或给定数据）"
    after = None
    if args.amend:
        amended = _policy(args.policy, args.amend)
        if amended is None:
            return EXIT_NO_POLICY
        after = simulate(amended, apps)  # amendments: the scalar engine (versions by date)
    text = _render(report, after, title, args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _run_simulation(args: argparse.Namespace, policy: Any, checked: Any,
                    apps: list[Any]) -> Any:
    from sjdsl.tools.simulate import simulate

    if args.engine == "scalar":
        return simulate(policy, apps)
    try:
        from sjdsl.backends.vector import Engine, NotVectorisable
        from sjdsl.tools.simulate_vector import simulate_vector
    except ImportError:
        print("error: the vector engine needs numpy: pip install sjdsl[vector]", file=sys.stderr)
        return None
    if hasattr(policy, "versions"):  # amendments: versions by date are the scalar engine's
        print("note: the policy has amendments; using the scalar engine", file=sys.stderr)
        return simulate(policy, apps)
    try:
        return simulate_vector(Engine(checked), policy, apps)
    except NotVectorisable as exc:
        print(f"note: {exc}; using the scalar engine", file=sys.stderr)
        return simulate(policy, apps)


def _render(report: Any, after: Any, title: str, form: str) -> str:
    from sjdsl.tools.simulate import compare, markdown, table, to_json_text

    if form == "json":
        return to_json_text(compare(report, after) if after else report.to_json())
    if form in ("markdown", "html"):
        text = markdown(report, title, html_page=form == "html")
        if after is not None:
            text += "\n" + markdown(after, title + " · 修订后", html_page=form == "html")
        return text
    text = table(report, title)
    if after is not None:
        text += "\n" + table(after, "修订后 · after the amendment")
        text += f"\n差额 · difference: {after.total.amount - report.total.amount:,.2f} 元\n"
    return text


def cmd_synth(args: argparse.Namespace) -> int:
    from sjdsl.tools.synth import applications

    if args.n < 0:
        print("sjdsl synth: error: --n must be zero or more", file=sys.stderr)
        return EXIT_USAGE
    policy = _policy(args.policy, [])
    if policy is None:
        return EXIT_NO_POLICY
    base = getattr(policy, "base", policy)
    start = base.valid_from or datetime.date(2025, 1, 1)
    end = base.valid_to or start + datetime.timedelta(days=365 * 5)
    for app in applications(base, args.n, args.seed, start, end):
        if base.validity_input:
            app["inputs"][base.validity_input] = app["date"]
        print(json.dumps(app, ensure_ascii=False))
    return EXIT_OK
