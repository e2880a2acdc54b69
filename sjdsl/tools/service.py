"""What the HTTP service answers, without HTTP: the policies it serves, a request body evaluated
exactly as ``sjdsl eval`` evaluates a line, one enterprise's facts matched against every
provision, and the OpenAPI document. ``sjdsl.tools.serve`` puts these behind Starlette; the tests call
them directly too.

Every answer comes from the calculators ``sjdsl eval`` runs (``CompiledPolicy.evaluate_json``):
there is no second evaluator here. A body is decoded as ``sjdsl eval`` decodes a line (orjson
first, the standard library as the reference, floats kept apart to be refused by name).
"""

from __future__ import annotations

import codecs
import datetime
import json
import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from sjdsl.language.diagnostics import CompileError
from sjdsl.language.loading import policy_folders
from sjdsl.runtime.jsonio import decode_fast
from sjdsl.runtime.money import fmt_result, in_money
from sjdsl.runtime.requests import (
    DuplicateKey,
    InputSpec,
    RequestError,
    check_nesting,
    loads,
    parse_date,
    parse_flag,
    parse_history,
    parse_input,
    parse_scope,
)
from sjdsl.runtime.suggest import suggest
from sjdsl.tools.catalogue import (
    ERROR_SCHEMA,
    RESULT_SCHEMA,
    Served,
    catalogue,
    request_schema,
)
from sjdsl.tools.driver import Sources, compile_policy, load_module

#: The most requests one body may hold as a JSON array (the body size limit comes first).
MAX_BATCH = 10_000


class PolicyLoadError(Exception):
    """A policy folder that does not compile: the rendered diagnostics."""


@attrs.frozen
class Answer:
    """An HTTP status and the JSON value to send."""

    status: int
    body: Any


def load_policies(root: Path) -> dict[str, Served]:
    """Every policy under ``root``, compiled (its own amendments/ applied), by its name.

    Raises:
        PolicyLoadError: no policy there, a policy that does not compile, or two of one name.
    """
    folders = policy_folders(root) if root.exists() else []
    if not folders:
        raise PolicyLoadError(f"no policy folders (with .pol files) in {root}")
    served: dict[str, Served] = {}
    for folder in folders:
        sources = Sources()
        try:
            compiled = compile_policy(folder, sources)
        except CompileError as exc:
            raise PolicyLoadError(f"{folder} does not compile:\n"
                                  + sources.render(exc.diagnostics)) from None
        except OSError as exc:
            raise PolicyLoadError(f"cannot read {folder}: {exc}") from None
        one = Served(compiled, load_module(compiled).POLICY)
        if one.name in served:
            raise PolicyLoadError(f"two policies are named {one.name}: {folder} and another")
        served[one.name] = one
    return served


# ---------------------------------------------------------------- decoding


def _error(message: str, field: str | None = "request",
           provision: str | None = None) -> dict[str, Any]:
    return {"error": message, "field": field, "provision": provision}


def decode(body: bytes) -> Any | Answer:
    """A body as ``sjdsl eval`` reads a line, by the reference decoder (floats kept apart,
    repeated keys refused); an Answer (400, or 422 for a repeated key) when it is not JSON."""
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8):]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Answer(400, _error(f"the body is not valid UTF-8 text (byte {exc.start + 1}); "
                                  "send JSON as UTF-8", "json"))
    if not text.strip():
        return Answer(400, _error("the body is empty; send a JSON request object", "json"))
    try:
        return loads(text)
    except DuplicateKey as exc:
        return Answer(422, _error(exc.msg, "json"))
    except (ValueError, RecursionError) as exc:
        reason = (f"{exc.msg} at line {exc.lineno} column {exc.colno}"
                  if isinstance(exc, json.JSONDecodeError) else
                  "nesting too deep" if isinstance(exc, RecursionError) else str(exc))
        return Answer(400, _error(f"the body is not valid JSON: {reason}", "json"))


# ---------------------------------------------------------------- evaluate


def evaluate(served: Served, body: bytes, deadline: float | None = None) -> Answer:
    """``POST /policies/{name}/evaluate``: one request → its result (200, eligible or not) or
    its error (422); an array of requests → an array of results and errors (200). Past
    ``deadline`` (time.monotonic()) an array stops between requests (TimeoutError)."""
    policy = served.policy
    try:  # the fast path sjdsl eval takes; an error is decided again by the reference decoder
        fast = decode_fast(body)
    except ValueError:
        fast = None
    if type(fast) is dict:
        result = policy.evaluate_json(fast)
        if "error" not in result:
            return Answer(200, result)
    raw = decode(body)
    if isinstance(raw, Answer):
        return raw
    if isinstance(raw, list):
        if len(raw) > MAX_BATCH:
            return Answer(422, _error(f"an array of {len(raw):,} requests; send at most "
                                      f"{MAX_BATCH:,} in one body"))
        return Answer(200, in_money(_each, policy, raw, deadline))
    result = policy.evaluate_json(raw)
    return Answer(422 if "error" in result else 200, result)


def in_time(deadline: float | None) -> None:
    """Between two evaluations: a request whose time is up (the client already has its 504)
    stops here rather than going on in its thread."""
    if deadline is not None and time.monotonic() > deadline:
        raise TimeoutError("the request's time is up")


def _each(policy: Any, raws: Sequence[Any], deadline: float | None) -> list[dict[str, Any]]:
    results = []
    for index, raw in enumerate(raws):
        in_time(deadline)
        result = policy.evaluate_json(raw)
        if "error" in result:
            result["index"] = index
        results.append(result)
    return results


# ---------------------------------------------------------------- match

_MATCH_FIELDS = ("date", "inputs", "history", "project", "person", "override_approved",
                 "provisions")


def match(served: Served, body: bytes, deadline: float | None = None) -> Answer:
    """``POST /policies/{name}/match``: one enterprise's facts against every provision.

    A provision is evaluated when at least one of its inputs is given and every required one
    is (or, when the request names ``provisions``, exactly those named), by the calculators
    ``evaluate`` uses. The eligible ones are then taken best first, each evaluated again with
    the ones already taken added to its history (granted on the request's date): so an
    exclusive group (不得重复享受 / 不得兼得), a shared cap or a one-of rule keeps the best and
    refuses the rest in the policy's own words (择优)."""
    raw = decode(body)
    if isinstance(raw, Answer):
        return raw
    facts = _facts(served, raw)
    if isinstance(facts, Answer):
        return facts
    return Answer(200, in_money(_match, served, raw, facts, deadline))


@attrs.frozen
class _Facts:
    day: datetime.date
    inputs: Mapping[str, Any]
    chosen: tuple[str, ...]
    version: str | None


def _facts(served: Served, raw: Any) -> _Facts | Answer:
    if not isinstance(raw, dict):
        return Answer(422, _error("a match request must be a JSON object with date and inputs"))
    for key in raw:
        if key not in _MATCH_FIELDS:
            hint = suggest(str(key), list(_MATCH_FIELDS))
            return Answer(422, _error(f"unknown field {str(key)[:40]!r} (fields: "
                                      f"{', '.join(_MATCH_FIELDS)})"
                                      + (f"; {hint}" if hint else ""), str(key)[:40]))
    try:  # what a request's reader checks, here for the facts every provision shares
        check_nesting(raw)
        day = parse_date(raw.get("date"), "date")
        for field in ("project", "person"):
            parse_scope(raw, field, False, "")
        parse_flag(raw.get("override_approved"), "override_approved")
        _, policy, _ = served.in_force(day)
        inputs = raw.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise RequestError("inputs", "inputs: expected an object of the enterprise's facts")
        readers: dict[str, dict[InputSpec, list[str]]] = {}
        for pid, provision in policy.provisions.items():
            for spec in provision.inputs:
                for key in dict.fromkeys((spec.name, spec.term)):
                    readers.setdefault(key, {}).setdefault(spec, []).append(pid)
        for key, value in inputs.items():
            if key not in readers:
                hint = suggest(str(key), sorted(readers))
                raise RequestError(str(key)[:40], f"no provision of {served.name} reads an "
                                   f"input {str(key)[:40]!r}" + (f"; {hint}" if hint else ""))
            _unambiguous(key, readers[key])
            _check_value(list(readers[key]), value)
        parse_history(raw.get("history"), policy.provisions, day)
        chosen = raw.get("provisions")
        if chosen is not None:
            if not isinstance(chosen, list) or not all(isinstance(p, str) for p in chosen):
                raise RequestError("provisions", "provisions: expected a list of provision ids")
            unknown = [p for p in chosen if p not in policy.provisions]
            if unknown:
                raise RequestError("provisions", f"provisions: unknown provision "
                                                 f"{unknown[0][:40]!r} in {served.name}")
    except RequestError as exc:
        return Answer(422, _error(exc.message, exc.field))
    version = (served.compiled.versions[served.in_force(day)[0]][0].source
               if len(served.compiled.versions) > 1 else None)
    return _Facts(day, inputs, tuple(chosen or ()), version)


def _unambiguous(key: str, readers: Mapping[InputSpec, list[str]]) -> None:
    """An English name that two provisions give to different facts (level: 认定级别 in one,
    技术中心级别 in another) cannot be matched by that name: the official term says which."""
    terms: dict[str, list[str]] = {}
    for spec, pids in readers.items():
        terms.setdefault(spec.term, []).extend(pids)
    if key not in terms and len(terms) > 1:
        which = "; ".join(f"「{t}」 ({', '.join(dict.fromkeys(p))})" for t, p in terms.items())
        raise RequestError(key, f"input {key!r} names different facts in this policy: {which}; "
                                "give each by its official term")


def _check_value(specs: Sequence[InputSpec], value: Any) -> None:
    """A fact is refused only when no provision that reads it would accept it (two provisions
    may list different values for inputs of one name). Raises the first one's RequestError."""
    first: RequestError | None = None
    for spec in specs:
        try:
            parse_input(spec, value, spec.name)
            return
        except RequestError as exc:
            first = first or exc
    assert first is not None
    raise first


def _match(served: Served, raw: dict[str, Any], facts: _Facts, deadline: float | None
           ) -> dict[str, Any]:
    _, policy, _ = served.in_force(facts.day)
    base = {k: raw[k] for k in ("date", "history", "project", "person", "override_approved")
            if k in raw}
    first: dict[str, dict[str, Any]] = {}
    requests: dict[str, dict[str, Any]] = {}
    errors, unmatched = [], []
    for pid, spec in policy.provisions.items():
        given = {k: v for k, v in facts.inputs.items()
                 if any(k in (i.name, i.term) for i in spec.inputs)}
        missing = [i.name for i in spec.inputs if not i.optional
                   and not any(k in (i.name, i.term) for k in given)]
        if facts.chosen and pid not in facts.chosen:
            continue
        if not facts.chosen and (missing or not given):
            unmatched.append({"provision": pid, "missing": missing} if missing else
                             {"provision": pid, "missing": [], "why": "none of its inputs is "
                              "given (name it in \"provisions\" to evaluate it)"})
            continue
        refused = _refused(spec.inputs, given)
        if refused is not None:
            unmatched.append({"provision": pid, "missing": [], "why": refused})
            continue
        request = {**base, "provision": pid, "inputs": given}
        in_time(deadline)
        result = served.policy.evaluate_json(request)
        if "error" in result:
            errors.append(result)
        else:
            first[pid], requests[pid] = result, request
    order = list(policy.provisions)
    ranked = sorted((p for p, r in first.items() if r["eligible"]),
                    key=lambda p: (-Decimal(first[p]["amount"]), order.index(p)))
    taken: list[dict[str, Any]] = []
    final: dict[str, dict[str, Any]] = {}
    resolved = []
    for pid in ranked:
        result = first[pid]
        if taken:
            request = requests[pid]
            again = {**request, "history": [*(raw.get("history") or []), *taken]}
            in_time(deadline)
            result = served.policy.evaluate_json(again)
            assert "error" not in result, result  # it was answered once, alone
            if result["amount"] != first[pid]["amount"]:
                resolved.append({"provision": pid, "alone": first[pid]["amount"],
                                 "combined": result["amount"],
                                 "with": [g["provision"] for g in taken],
                                 "reasons": result["reasons"]})
        final[pid] = result
        if result["eligible"]:
            taken.append(_grant(raw, requests[pid], result))
    eligible = [final[p] for p in ranked if final[p]["eligible"]]
    others = [final[p] for p in ranked if not final[p]["eligible"]] + \
        [r for p, r in first.items() if not r["eligible"]]
    others.sort(key=lambda r: order.index(r["provision"]))
    total = sum((Decimal(r["amount"]) for r in eligible), Decimal(0))
    district = sum((Decimal(r["district_share"]) for r in eligible), Decimal(0))
    town = sum((Decimal(r["town_share"]) for r in eligible), Decimal(0))
    return {"policy": served.name, "date": facts.day.isoformat(), "version": facts.version,
            "total": fmt_result(total), "district_share": fmt_result(district),
            "town_share": fmt_result(town),
            "eligible": eligible, "not_eligible": others, "resolved": resolved,
            "errors": errors, "not_matched": unmatched}


def _refused(specs: Sequence[InputSpec], given: Mapping[str, Any]) -> str | None:
    """Why this provision does not take a fact that another provision of the same input name
    takes (an enumeration value it does not list), or None."""
    for spec in specs:
        for key in (spec.name, spec.term):
            if key in given:
                try:
                    parse_input(spec, given[key], spec.name)
                except RequestError as exc:
                    return exc.message
    return None


def _grant(raw: dict[str, Any], request: dict[str, Any], result: dict[str, Any]
           ) -> dict[str, Any]:
    """A provision taken in a match, as a history entry for the ones after it."""
    grant = {"provision": result["provision"], "date": raw["date"], "amount": result["amount"],
             "inputs": request["inputs"]}
    for key in ("project", "person"):
        if raw.get(key) is not None:
            grant[key] = raw[key]
    return grant


# ---------------------------------------------------------------- OpenAPI


def openapi(policies: Mapping[str, Served], version: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document: the endpoints, and one request schema per provision of each
    policy (from its catalogue) with the result and error schemas."""
    schemas: dict[str, Any] = {"Result": RESULT_SCHEMA, "Error": ERROR_SCHEMA}
    per_policy: dict[str, list[str]] = {}
    for name, served in sorted(policies.items()):
        data = catalogue(served)
        refs = []
        for provision in data["provisions"]:
            key = _schema_name(name, provision["id"])
            schemas[key] = request_schema(name, provision)
            refs.append(key)
        per_policy[name] = refs
    names = sorted(policies)
    request_one = {"oneOf": [{"$ref": f"#/components/schemas/{k}"}
                             for refs in per_policy.values() for k in refs]}
    json_body = {"application/json": {"schema": {"oneOf": [
        request_one, {"type": "array", "items": request_one}]}}}
    error = {"description": "error", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    name_param = {"name": "name", "in": "path", "required": True,
                  "schema": {"type": "string", "enum": names}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "sjdsl policy service", "version": version,
                 "description": "Evaluates industrial support policies (产业扶持政策) compiled by "
                                "sjdsl. Requests and results follow docs/contract.md; see "
                                "docs/api.md."},
        "paths": {
            "/healthz": {"get": {"summary": "liveness", "responses": {"200": {
                "description": "ok"}}}},
            "/policies": {"get": {"summary": "every policy served", "responses": {"200": {
                "description": "name, title, 文号, validity of each policy"}}}},
            "/policies/{name}": {"get": {
                "summary": "the catalogue of a policy: provisions and their inputs",
                "parameters": [name_param, {"name": "date", "in": "query", "required": False,
                                            "schema": {"type": "string", "format": "date"}}],
                "responses": {"200": {"description": "the catalogue"}, "404": error,
                              "422": error}}},
            "/policies/{name}/evaluate": {"post": {
                "summary": "evaluate one request (or an array of requests)",
                "parameters": [name_param], "requestBody": {"required": True,
                                                            "content": json_body},
                "responses": {
                    "200": {"description": "the result (eligible or not), or an array of "
                                           "results and errors", "content": {
                        "application/json": {"schema": {"oneOf": [
                            {"$ref": "#/components/schemas/Result"},
                            {"type": "array", "items": {"oneOf": [
                                {"$ref": "#/components/schemas/Result"},
                                {"$ref": "#/components/schemas/Error"}]}}]}}}},
                    "400": error, "404": error, "413": error, "422": error, "504": error}}},
            "/policies/{name}/match": {"post": {
                "summary": "one enterprise's facts against every provision",
                "parameters": [name_param],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"type": "object", "required": ["date", "inputs"],
                               "properties": {
                                   "date": {"type": "string", "format": "date"},
                                   "inputs": {"type": "object"},
                                   "history": {"type": "array"},
                                   "project": {"type": "string"},
                                   "person": {"type": "string"},
                                   "override_approved": {"type": "boolean"},
                                   "provisions": {"type": "array",
                                                  "items": {"type": "string"}}}}}}},
                "responses": {"200": {"description": "eligible provisions first, the total"},
                              "400": error, "404": error, "413": error, "422": error,
                              "504": error}}},
        },
        "components": {"schemas": schemas},
        "x-provision-schemas": per_policy,
    }


def _schema_name(policy: str, provision: str) -> str:
    return f"{policy}.{provision}.Request".replace("/", "_")
