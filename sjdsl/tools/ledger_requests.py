"""Grant requests as the ledger sees them: text keys, canonical inputs, content to compare.

- ``id``, ``enterprise``, ``project`` and ``person`` are keys the ledger stores and matches on:
  text without lone surrogates (SQLite cannot store them) or control characters (they hide in
  terminals and spreadsheets). Anything else is a request error, answered before any write.
- Inputs are stored by their English names, whatever the request used (an official term such
  as 认定级别 is accepted by requests): history read back is then what the policy expects.
- A grant's *content* is what makes two requests the same grant: policy, enterprise, provision,
  date, project, person, override and inputs. A reused ``id`` with the same content is a
  repeat; with other content it is an error that names what differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sjdsl.runtime.requests import InputSpec, parse_input

#: What a stored key may not hold: C0 and C1 controls, DEL, lone surrogates.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Characters a JSON line keeps as they are but a reader may split or refuse: surrogates (not
#: UTF-8), C1 controls and the Unicode line and paragraph separators.
_ESCAPE = re.compile("[\x80-\x9f\u2028\u2029\ud800-\udfff]")
_KEYS = ("id", "enterprise")
_OPTIONAL_KEYS = ("project", "person")
#: The fields of a grant's content, in the order a difference is reported.
CONTENT_FIELDS = ("policy", "enterprise", "provision", "date", "project", "person",
                  "override_approved", "inputs")


def json_text(value: Any) -> str:
    """JSON with non-ASCII text as UTF-8, and only what UTF-8 readers trip on escaped."""
    text = json.dumps(value, ensure_ascii=False, default=_plain)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def text_problem(value: str) -> str | None:
    """Why a key cannot be stored as it is, or None."""
    bad = _NOT_TEXT.search(value)
    if bad is None:
        return None
    what = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
    return f"holds {what} (U+{ord(bad.group()):04X}) at position {bad.start()}"


def check_request(raw: Any) -> dict[str, Any] | None:
    """The error answer for a request the ledger cannot take, or None."""
    if not isinstance(raw, Mapping):
        return {"error": "a grant request must be a JSON object", "field": "request",
                "provision": None}
    for field in _KEYS + _OPTIONAL_KEYS:
        value = raw.get(field)
        if field in _KEYS and (not isinstance(value, str) or not value):
            return {"error": f"{field}: a grant request needs a non-empty string '{field}'",
                    "field": field, "provision": raw.get("provision")}
        problem = text_problem(value) if isinstance(value, str) else None
        if problem is not None:
            return {"error": f"{field}: {problem}; the ledger keeps {field}s as plain text",
                    "field": field, "provision": raw.get("provision")}
    if "history" in raw:
        return {"error": "history: the ledger supplies the history; leave it out",
                "field": "history", "provision": raw.get("provision"), "id": raw.get("id")}
    return None


def input_specs(policy: Any, provision: Any) -> dict[str, InputSpec]:
    """A provision's inputs by English name and by official term, in every version."""
    if not isinstance(provision, str):
        return {}
    versions = getattr(policy, "versions", None)
    policies = [v.policy for v in versions] if versions else [policy]
    specs: dict[str, InputSpec] = {}
    for each in policies:
        spec = getattr(each, "provisions", {}).get(provision)
        for item in spec.inputs if spec is not None else ():
            specs[item.name] = specs[item.term] = item
    return specs


def canonical_inputs(specs: Mapping[str, InputSpec], inputs: Any) -> Any:
    """The inputs by English name (a key the policy does not know stays as it is)."""
    if inputs is None:
        return {}
    if not isinstance(inputs, Mapping):
        return inputs
    return {(specs[k].name if k in specs else k): v for k, v in inputs.items()}


def content(policy_name: str, raw: Mapping[str, Any],
            specs: Mapping[str, InputSpec]) -> dict[str, Any]:
    """The content of a grant request, to compare with a recorded grant's."""
    date = raw.get("date")
    flag = raw.get("override_approved")
    return {"policy": policy_name, "enterprise": raw.get("enterprise"),
            "provision": raw.get("provision"), "date": date if date is None else str(date),
            "project": raw.get("project"), "person": raw.get("person"),
            "override_approved": False if flag is None else flag,
            "inputs": canonical_inputs(specs, raw.get("inputs"))}


def differences(recorded: Mapping[str, Any], asked: Mapping[str, Any],
                specs: Mapping[str, InputSpec]) -> list[str]:
    """What differs between a recorded grant's content and a request's, for a person."""
    found = []
    for field in CONTENT_FIELDS:
        old, new = recorded.get(field), asked.get(field)
        if field == "override_approved" and old is None:
            continue  # a grant recorded before schema 2 did not keep the flag
        if field == "inputs":
            found += _input_differences(old, new, specs)
        elif _comparable(old) != _comparable(new):
            found.append(f"{field} {_show(old)} recorded, {_show(new)} now")
    return found


def _input_differences(old: Any, new: Any, specs: Mapping[str, InputSpec]) -> list[str]:
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return [] if old == new else [f"inputs {_show(old)} recorded, {_show(new)} now"]
    found = []
    for name in sorted(old.keys() | new.keys(), key=str):
        before, after = old.get(name, _MISSING), new.get(name, _MISSING)
        if _value(specs.get(name), before) != _value(specs.get(name), after):
            found.append(f"inputs.{name} {_show(before)} recorded, {_show(after)} now")
    return found


_MISSING = object()


def _value(spec: InputSpec | None, value: Any) -> tuple[str, Any]:
    """An input's value as the policy reads it ("100" and 100 and "100.00" are one amount), or
    its JSON text where the policy would not take it."""
    if value is _MISSING:
        return ("missing", None)
    if spec is not None:
        try:
            return ("value", parse_input(spec, value, spec.name))
        except ValueError:
            pass
    return ("raw", _comparable(value))


def _comparable(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_plain)


def _plain(value: Any) -> str:
    """What JSON cannot write: a refused float by its text, a Decimal or date as a string."""
    return str(getattr(value, "text", value))


def _show(value: Any) -> str:
    if value is _MISSING:
        return "missing"
    text = json_text(value)
    return text if len(text) <= 40 else text[:37] + "…"
