"""The commands of the service: ``sjdsl serve`` and ``sjdsl describe``.

    sjdsl serve POLICIES [--host H] [--port P] [--workers N]   the HTTP service (docs/api.md)
    sjdsl describe POLICY [--json] [--date D]                  a policy's catalogue
    sjdsl describe POLICIES --openapi                          the service's OpenAPI document
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path
from typing import Any

from sjdsl.tools.cli_common import EXIT_ERRORS, EXIT_NO_POLICY, EXIT_OK, command


def register(sub: Any, day: Any) -> None:
    """Add ``serve`` and ``describe`` to the command line's subcommands."""
    serve = command(sub, "serve", "serve policies over HTTP (JSON API, OpenAPI, a calculator "
                                  "page); see docs/api.md",
                    "0  stopped by SIGTERM or Ctrl-C after a graceful shutdown",
                    "1  the serve extra (starlette, uvicorn) is not installed",
                    "2  the folder holds no policy, or a policy does not compile",
                    "4  the server could not start: the port is taken, or the address is not "
                    "this machine's (the log says which)")
    serve.add_argument("policies", type=Path,
                       help="a folder of policy folders (policies/) or one policy folder")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only; put "
                            "a reverse proxy in front rather than listening on 0.0.0.0)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=_positive, default=1,
                       help="worker processes (default 1; each compiles the policies)")
    serve.add_argument("--max-body", type=_positive, default=None, metavar="BYTES",
                       help="the largest request body accepted (default 1,000,000)")
    serve.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                       help="a request taking longer gets 504 (default 10)")
    serve.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                       help="allow browsers on this origin to call the API (CORS; repeatable; "
                            "off by default)")
    serve.set_defaults(run=cmd_serve)

    describe = command(sub, "describe", "a policy's provisions and the inputs each asks for "
                                        "(the service's catalogue)",
                       "0  the catalogue (or the OpenAPI document) is printed",
                       "2  the policy does not compile")
    describe.add_argument("policy", type=Path, help="a policy folder or one .pol file")
    describe.add_argument("--json", action="store_true", help="the catalogue as JSON")
    describe.add_argument("--openapi", action="store_true",
                          help="the OpenAPI document `sjdsl serve POLICY` serves (POLICY may "
                               "be a folder of policies); docs/openapi.json is this for "
                               "policies/")
    describe.add_argument("--date", type=day, default=None,
                          help="the version in force on this date (YYYY-MM-DD; default: latest)")
    describe.set_defaults(run=cmd_describe)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number 0…65535")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 < s ≤ 3600)")
    return value


def _missing_extra() -> bool:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print("error: sjdsl serve needs Starlette and uvicorn: pip install 'sjdsl[serve]'",
              file=sys.stderr)
        return True
    return False


def cmd_serve(args: argparse.Namespace) -> int:
    if _missing_extra():
        return EXIT_ERRORS
    from sjdsl.tools.serve import MAX_BODY, TIMEOUT, Settings, run
    from sjdsl.tools.service import PolicyLoadError, load_policies

    try:
        policies = load_policies(args.policies)
    except PolicyLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NO_POLICY
    settings = Settings(str(args.policies.resolve()), args.host, args.port, args.workers,
                        args.max_body or MAX_BODY, args.timeout or TIMEOUT,
                        tuple(args.allow_origin))
    return run(settings, policies)


def cmd_describe(args: argparse.Namespace) -> int:
    from sjdsl.tools.catalogue import Served, catalogue, describe_text
    from sjdsl.tools.cli_common import compile_or_report
    from sjdsl.tools.driver import Sources, load_module

    if args.openapi:
        return _openapi(args.policy)
    compiled = compile_or_report(args.policy, Sources())
    if compiled is None:
        return EXIT_NO_POLICY
    day: datetime.date | None = args.date
    data = catalogue(Served(compiled, load_module(compiled).POLICY), day)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(describe_text(data), end="")
    return EXIT_OK


def _openapi(path: Path) -> int:
    from sjdsl import __version__
    from sjdsl.tools.service import PolicyLoadError, load_policies, openapi

    try:
        policies = load_policies(path)
    except PolicyLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NO_POLICY
    print(json.dumps(openapi(policies, __version__), ensure_ascii=False, indent=1))
    return EXIT_OK
