"""Grant requests as the ledger sees them: text keys, canonical inputs, UTF-8 answer lines.

- ``id``, ``enterprise``, ``project`` and ``person`` are keys the ledger stores and matches on:
  text without lone surrogates (SQLite cannot store them) or control characters (they hide in
  terminals and spreadsheets). Anything else is a request error, answered before any write.
- Inputs are stored by their English names, whatever the request used (an official term such
  as 认定级别 is accepted by requests): history read back is then what the policy expects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sjdsl.requests import InputSpec

#: What a stored key may not hold: C0 and C1 controls, DEL, lone surrogates.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Characters a JSON line keeps as they are but a reader may split or refuse: surrogates (not
#: UTF-8), C1 controls and the Unicode line and paragraph separators.
_ESCAPE = re.compile("[\x80-\x9f\u2028\u2029\ud800-\udfff]")
_KEYS = ("id", "enterprise")
_OPTIONAL_KEYS = ("project", "person")


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


def _plain(value: Any) -> str:
    """What JSON cannot write: a refused float by its text, a Decimal or date as a string."""
    return str(getattr(value, "text", value))

