"""Requests: validating what a caller sends (JSON or Python values) into a typed ``Request``.

Everything a caller can type is checked here, and every problem becomes a ``RequestError`` that
names the field — never a traceback, never a guess. A binary float is refused: it cannot carry
money exactly.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any, Literal, Protocol, Union

import attrs

from sjdsl.runtime.money import parse_amount

InputValue = Union[Decimal, int, str, bool, datetime.date, tuple]
Kind = Literal["money", "count", "enum", "area", "percent", "bool", "date", "usd", "id"]

MAX_COUNT = 10**9
#: The deepest a request may nest (a request, its history, an entry, its inputs: four levels).
MAX_DEPTH = 32
#: The most characters of a refused value an error message repeats.
MAX_ECHO = 40
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REQUEST_FIELDS = ("provision", "date", "inputs", "project", "person", "history",
                   "override_approved")
_GRANT_FIELDS = ("provision", "date", "amount", "project", "person", "inputs")


class RequestError(ValueError):
    """A request that cannot be evaluated; ``field`` names where the problem is."""

    def __init__(self, field: str, message: str, provision: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.provision = provision


@attrs.frozen
class InputSpec:
    """What a provision accepts for one input."""

    name: str
    term: str
    kind: Kind
    values: tuple[str, ...] = ()
    optional: bool = False
    #: a list input's element kind; a 名单's fields
    element: str = ""
    fields: tuple[InputSpec, ...] = ()


@attrs.frozen
class Grant:
    """An earlier grant to the same enterprise, as the caller reports it in ``history``."""

    provision: str
    date: datetime.date
    amount: Decimal
    project: str | None = None
    person: str | None = None
    inputs: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Request:
    """A validated request: typed inputs, parsed dates, history as ``Grant`` records."""

    provision: str
    date: datetime.date
    inputs: Mapping[str, InputValue]
    project: str | None = None
    history: tuple[Grant, ...] = ()
    override_approved: bool = False
    person: str | None = None


class _Float:
    """Marks a JSON number with a fraction or exponent (or NaN/Infinity), refused later."""

    def __init__(self, text: str) -> None:
        self.text = text


class DuplicateKey(json.JSONDecodeError):
    """A JSON object that gives the same key twice: which one was meant cannot be known."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {_clip(repr(key))} in an object; give each key once",
                         "", 0)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return obj


_DECODER = json.JSONDecoder(parse_float=_Float, parse_constant=_Float,
                            object_pairs_hook=_unique_keys)


def loads(line: str) -> Any:
    """Parse a JSON line, keeping floats apart so they can be refused, not rounded, and refusing
    an object that repeats a key (DuplicateKey, a JSONDecodeError)."""
    return _DECODER.decode(line)


#: Dates already parsed: a stream of requests repeats few dates, and parsing is a hot path.
_DATES: dict[str, datetime.date] = {}


def parse_date(value: Any, field: str) -> datetime.date:
    if isinstance(value, str):
        known = _DATES.get(value)
        if known is not None:
            return known
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise RequestError(field, f"{field}: expected an ISO date YYYY-MM-DD, got {_show(value)}")
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise RequestError(field, f"{field}: {value!r} is not a calendar date") from None
    if len(_DATES) < 100_000:
        _DATES[value] = day
    return day


def known_date(value: Any) -> datetime.date | None:
    """A request's date if it is a valid ISO date string, else None (no message: the caller
    sends such a request down the path that explains what is wrong)."""
    if type(value) is not str:
        return None
    day = _DATES.get(value)
    if day is None:
        try:
            day = parse_date(value, "date")
        except RequestError:
            return None
    return day


def parse_money(value: Any, field: str) -> Decimal:
    """An amount in 元: a plain decimal string, a JSON integer or a Decimal; never a float."""
    if type(value) is str:  # the usual case first: every request line has amounts
        amount = parse_amount(value)
        if amount is not None:
            return amount
    if isinstance(value, (_Float, float)):
        text = _clip(value.text if isinstance(value, _Float) else repr(value))
        raise RequestError(field, f"{field}: {text} is a binary float, which cannot carry money "
                                  f"exactly; send the amount as a string, e.g. \"{text}\"")
    if isinstance(value, bool):
        raise RequestError(field, f"{field}: expected an amount, got a boolean")
    if isinstance(value, int):
        if value < 0:
            raise RequestError(field, f"{field}: negative amount {_show(value)}")
        if value >= _MAX_YUAN:  # compared as a number: no digits are written out
            raise RequestError(field, f"{field}: {_show(value)} is too large for an amount "
                                      "(at most 15 integer digits)")
        return parse_money(str(value), field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise RequestError(field, f"{field}: {_clip(str(value))} is not an amount")
        if value.adjusted() >= 15 or int(value.as_tuple().exponent) < -10:
            # refused before f"{value:f}", which would write out every digit of 1E+100000000
            raise RequestError(field, f"{field}: {_clip(str(value))} is too large or too precise "
                                      "for an amount in 元 (at most 15 integer digits and 10 "
                                      "decimals)")
        return parse_money(f"{value:f}", field)
    if isinstance(value, str):
        if value.startswith("-"):
            raise RequestError(field, f"{field}: negative amount {_clip(repr(value))}")
        amount = parse_amount(value)
        if amount is None:
            raise RequestError(field, f"{field}: {_clip(repr(value))} is not a plain decimal "
                                      "amount in 元 (digits and an optional decimal point; no "
                                      "separators, units or exponents; at most 15 integer "
                                      "digits)")
        return amount
    raise RequestError(field, f"{field}: expected an amount as a string, got {_show(value)}")


_MAX_YUAN = 10**15


def parse_count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(field, f"{field}: expected a whole number (a JSON integer), "
                                  f"got {_show(value)}")
    if value < 0 or value > MAX_COUNT:
        raise RequestError(field, f"{field}: {_show(value)} is out of range 0…{MAX_COUNT}")
    return value


def parse_enum(value: Any, field: str, values: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in values:
        accepted = "、".join(values)
        raise RequestError(field, f"{field}: {_show(value)} is not one of {accepted}")
    return value


def parse_percent(value: Any, field: str) -> Decimal:
    """Percentage points as a decimal string or integer ("65.5" = 65.5%), 0 to 100."""
    points = parse_money(value, field)
    if points > 100:
        raise RequestError(field, f"{field}: {points}% is above 100%; give percentage points "
                                  "(\"65\" for 65%)")
    return points


def parse_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise RequestError(field, f"{field}: expected true or false, got {_show(value)}")
    return value


#: The longest scope key (a set of equipment, a platform, a person) a request may name.
MAX_KEY = 200


def parse_key(value: Any, field: str) -> str:
    """An identifier input (编号): a non-empty string that names a scope for history limits."""
    if not isinstance(value, str) or not value.strip():
        raise RequestError(field, f"{field}: expected a non-empty string that names it "
                                  f"(an identifier), got {_show(value)}")
    if len(value) > MAX_KEY:
        raise RequestError(field, f"{field}: an identifier longer than {MAX_KEY} characters")
    return value


#: The longest list (a peer group, the people of an enterprise) a request may give.
MAX_ITEMS = 10_000


def _items(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise RequestError(field, f"{field}: expected a list (a JSON array), got {_show(value)}")
    if len(value) > MAX_ITEMS:
        raise RequestError(field, f"{field}: a list of more than {MAX_ITEMS} items")
    return value


def parse_list(spec: InputSpec, value: Any, field: str) -> tuple[Any, ...]:
    """A list input: each value validated as the element kind (金额列表: amounts)."""
    element = InputSpec(spec.name, spec.term, spec.element)  # type: ignore[arg-type]
    return tuple(parse_input(element, v, f"{field}[{i}]")
                 for i, v in enumerate(_items(value, field)))


def parse_records(spec: InputSpec, value: Any, field: str) -> tuple[dict[str, Any], ...]:
    """A 名单: a list of objects, each giving every field (English name or official term)."""
    records = []
    for i, raw in enumerate(_items(value, field)):
        where = f"{field}[{i}]"
        if not isinstance(raw, Mapping):
            raise RequestError(where, f"{where}: expected an object with the fields "
                                      f"{', '.join(f.name for f in spec.fields)}")
        by_key = _by_key(spec.fields)
        record: dict[str, Any] = {}
        for key, item in raw.items():
            found = by_key.get(key)
            if found is None:
                raise RequestError(f"{where}.{key}", f"{where}: unknown field {key!r}; fields: "
                                                     f"{', '.join(f.name for f in spec.fields)}")
            record[found.name] = parse_input(found, item, f"{where}.{found.name}")
        missing = [f.name for f in spec.fields if f.name not in record]
        if missing:
            raise RequestError(f"{where}.{missing[0]}", f"{where}: needs {', '.join(missing)}")
        records.append(record)
    return tuple(records)


def parse_input(spec: InputSpec, value: Any, field: str) -> InputValue:
    if spec.kind in ("money", "area", "usd"):
        return parse_money(value, field)
    if spec.kind == "id":
        return parse_key(value, field)
    if spec.kind == "list":
        return parse_list(spec, value, field)
    if spec.kind == "records":
        return parse_records(spec, value, field)
    if spec.kind == "count":
        return parse_count(value, field)
    if spec.kind == "percent":
        return parse_percent(value, field)
    if spec.kind == "bool":
        return parse_bool(value, field)
    if spec.kind == "date":
        return parse_date(value, field)
    return parse_enum(value, field, spec.values)


def parse_inputs(raw: Any, specs: Sequence[InputSpec], provision: str) -> dict[str, InputValue]:
    """Validate the inputs object against the provision's inputs (English name or 官方 term)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise RequestError("inputs", f"inputs: expected an object, got {_show(raw)}")
    by_key = _by_key(specs)
    values: dict[str, InputValue] = {}
    for key, value in raw.items():
        spec = by_key.get(key)
        if spec is None:
            names = [s.name for s in specs]
            name = _clip(str(key))
            hint = _suggest(name, names)
            known = ", ".join(names) if names else "none"
            raise RequestError(name, f"unknown input '{name}' for provision {provision} "
                                     f"(its inputs: {known})" + (f"; {hint}" if hint else ""))
        if spec.name in values:
            raise RequestError(spec.name, f"input {spec.name} given twice (as name and term)")
        values[spec.name] = parse_input(spec, value, spec.name)
    for spec in specs:
        if spec.name not in values and not spec.optional:
            raise RequestError(spec.name, f"missing input '{spec.name}' ({spec.term}) for "
                                          f"provision {provision}")
    return values


_BY_KEY: dict[int, tuple[Sequence[InputSpec], dict[str, InputSpec]]] = {}


def _by_key(specs: Sequence[InputSpec]) -> dict[str, InputSpec]:
    """A provision's inputs by English name and by official term, built once per provision."""
    known = _BY_KEY.get(id(specs))
    if known is not None and known[0] is specs:
        return known[1]
    by_key = {s.name: s for s in specs} | {s.term: s for s in specs}
    if isinstance(specs, tuple):  # a provision's own (immutable) inputs: keep the table
        _BY_KEY[id(specs)] = (specs, by_key)
    return by_key


class HasInputs(Protocol):
    """A provision as history validation sees it: the inputs it declares."""

    @property
    def inputs(self) -> Sequence[InputSpec]: ...


def parse_scope(raw: Mapping[str, Any], field: str, required: bool, provision: str) -> str | None:
    """A request's project or person, which a provision counts its limits per: a non-empty
    string (required when the provision counts per it)."""
    value = raw.get(field)
    if value is not None and (not isinstance(value, str) or not value):
        raise RequestError(field, f"{field}: expected a non-empty string")
    if required and value is None:
        raise RequestError(field, f"{field}: provision {provision} counts its limits per "
                                  f"{field}; give the request's \"{field}\"", provision)
    return value


def parse_history(raw: Any, provisions: Mapping[str, HasInputs],
                  date: datetime.date) -> tuple[Grant, ...]:
    """Earlier grants, each validated as a request is: its provision, date and amount, and its
    inputs against that provision's own declarations (kind, listed value, sign). An earlier
    grant decides what is paid now — a one-time tier, the months already paid — so a value a
    request could not carry is refused here too, naming it (``history[2].inputs.months``)."""
    if raw is None:
        return ()
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
        raise RequestError("history", f"history: expected a list of earlier grants, got "
                                      f"{_show(raw)}")
    return tuple(_parse_grant(entry, i, provisions, date) for i, entry in enumerate(raw))


def _parse_grant(entry: Any, index: int, provisions: Mapping[str, HasInputs],
                 date: datetime.date) -> Grant:
    where = f"history[{index}]"
    if isinstance(entry, Grant):
        entry = attrs.asdict(entry, recurse=False)
    if not isinstance(entry, Mapping):
        raise RequestError(where, f"{where}: expected an object, got {_show(entry)}")
    for key in entry:
        if key not in _GRANT_FIELDS:
            raise RequestError(where, f"{where}: unknown field {_show(key)} "
                                      f"(fields: {', '.join(_GRANT_FIELDS)})")
    provision = entry.get("provision")
    spec = provisions.get(provision) if type(provision) is str else None
    if spec is None:
        raise RequestError(f"{where}.provision", f"{where}.provision: unknown provision "
                                                 f"{_show(provision)}")
    for required in ("date", "amount"):
        if required not in entry:
            raise RequestError(f"{where}.{required}", f"{where}: missing '{required}'")
    grant_date = parse_date(entry["date"], f"{where}.date")
    if grant_date > date:
        raise RequestError(f"{where}.date", f"{where}.date {grant_date} is after the request's "
                                            f"date {date}: history holds earlier grants only")
    project, person = entry.get("project"), entry.get("person")
    if project is not None and not isinstance(project, str):
        raise RequestError(f"{where}.project", f"{where}.project: expected a string, got "
                                               f"{_show(project)}")
    if person is not None and not isinstance(person, str):
        raise RequestError(f"{where}.person", f"{where}.person: expected a string, got "
                                              f"{_show(person)}")
    amount = parse_money(entry["amount"], f"{where}.amount")
    inputs = _grant_inputs(entry.get("inputs"), spec.inputs, provision, f"{where}.inputs")
    return Grant(provision, grant_date, amount, project, person, inputs)


def _grant_inputs(raw: Any, specs: Sequence[InputSpec], provision: str,
                  where: str) -> dict[str, InputValue]:
    """An earlier grant's inputs, by English name, each as a request would carry it; any of
    them may be left out (the rule that needs one says so)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise RequestError(where, f"{where}: expected an object, got {_show(raw)}")
    by_key = _by_key(specs)
    values: dict[str, InputValue] = {}
    for key, value in raw.items():
        spec = by_key.get(key) if type(key) is str else None
        if spec is None:
            field = f"{where}.{_clip(str(key))}"
            known = ", ".join(s.name for s in specs) or "none"
            raise RequestError(field, f"{field}: unknown input for provision {provision} "
                                      f"(its inputs: {known})")
        field = f"{where}.{spec.name}"
        if spec.name in values:
            raise RequestError(field, f"{field} given twice (as name and term)")
        values[spec.name] = parse_input(spec, value, field)
    return values


def check_nesting(raw: Mapping[Any, Any]) -> None:
    """Refuse a request nested deeper than MAX_DEPTH, before anything walks it: a list nested
    100,000 deep must get a short error, not a RecursionError from whatever touches it first.
    Iterative, and it only looks into lists and objects."""
    for key, value in raw.items():
        if not isinstance(value, (Mapping, list, tuple)):
            continue
        stack = [(value, 2)]
        while stack:
            item, depth = stack.pop()
            if depth > MAX_DEPTH:
                field = _clip(str(key))
                raise RequestError(field, f"{field}: nested more than {MAX_DEPTH} levels deep; "
                                          "a request is a few levels deep")
            children = item.values() if isinstance(item, Mapping) else item
            stack.extend((child, depth + 1) for child in children
                         if isinstance(child, (Mapping, list, tuple)))


def check_fields(raw: Mapping[str, Any]) -> None:
    for key in raw:
        if key not in _REQUEST_FIELDS:
            name = _clip(str(key))
            hint = _suggest(name, _REQUEST_FIELDS)
            raise RequestError(name, f"unknown request field '{name}' "
                                     f"(fields: {', '.join(_REQUEST_FIELDS)})"
                                     + (f"; {hint}" if hint else ""))


def parse_flag(value: Any, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RequestError(field, f"{field}: expected true or false, got {_show(value)}")
    return value


def _suggest(word: str, known: Sequence[str]) -> str | None:
    from sjdsl.runtime.suggest import suggest  # only for an error

    return suggest(word, known)


def _show(value: Any) -> str:
    """A refused value as a message repeats it: JSON-like, at most a few levels and MAX_ECHO
    characters, so that neither a 100,000-deep list nor 4,000 digits reach the message."""
    return _clip(_render(value, 3), 60)


def _render(value: Any, depth: int) -> str:
    if isinstance(value, _Float):
        return _clip(value.text)
    if isinstance(value, str):
        return json.dumps(value[:61], ensure_ascii=False) + ("…" if len(value) > 61 else "")
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() > 200:  # str() of a huge int costs, and may even be refused
            return f"a {'negative ' if value < 0 else ''}number of about " \
                   f"{int(value.bit_length() * 0.30103):,} digits"
        return str(value)
    if isinstance(value, (float, Decimal)):
        return _clip(str(value))
    if isinstance(value, Mapping):
        if depth == 0:
            return "{…}"
        items = [f"{_render(k, 0)}: {_render(v, depth - 1)}" for k, v in islice(value.items(), 4)]
        return "{" + ", ".join(items) + (", …" if len(value) > 4 else "") + "}"
    if isinstance(value, (list, tuple)):
        if depth == 0:
            return "[…]"
        items = [_render(v, depth - 1) for v in islice(value, 4)]
        return "[" + ", ".join(items) + (", …" if len(value) > 4 else "") + "]"
    return f"a {type(value).__name__}"


def _clip(text: str, limit: int = MAX_ECHO) -> str:
    """At most ``limit`` characters of a text a message repeats."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def describe(value: Any) -> str:
    """A value of the wrong type, named with its type: ``the number 1.1``."""
    if isinstance(value, (_Float, float)) or isinstance(value, int) and \
            not isinstance(value, bool):
        return f"the number {_show(value)}"
    if isinstance(value, (list, tuple)):
        return f"the list {_show(value)}"
    if isinstance(value, Mapping):
        return f"the object {_show(value)}"
    return _show(value)
