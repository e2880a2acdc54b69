"""The TextMate grammar of .pol files, for VS Code and the editors that read TextMate grammars.

It is written from the same keyword lists as the Pygments lexer (sjdsl/backends/lexer.py) and the
aliases of sjdsl/language/keywords.py, so a keyword added there is highlighted everywhere. The file
``editors/vscode/syntaxes/sjdsl.tmLanguage.json`` is this module's output, committed; a test
fails when it differs. After changing a keyword:

    .venv/bin/python -m sjdsl.backends.textmate editors/vscode/syntaxes/sjdsl.tmLanguage.json

Patterns are Oniguruma regexes (VS Code's engine) kept to the subset Python's ``re`` reads too.
A keyword counts only as a whole word: ``(?<!\\w)`` before and ``(?!\\w)`` after, so ``最高`` is a
keyword and neither ``最高额`` nor ``项目最高`` holds one; longer keywords come first.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sjdsl.backends.lexer import AWARD_VERBS, CLAUSES, COMPARISONS, DECLARATIONS
from sjdsl.language.check import KINDS
from sjdsl.language.keywords import ALIASES, FILTERS, FUNCTIONS, QUANTIFIERS

_WS = "[ \\t\u3000]"  # the full-width space as itself: engines differ on \u escapes
_NUMBER = "[0-9]+(?:,[0-9]{3})*(?:\\.[0-9]+)?"
_ID = "[0-9]+\\.[0-9]+"
#: Clauses followed by provision ids (合计 6.1、6.2; 择优 …; 已获(8.2) …).
_ID_LISTS = ("合计", "择优", "已获", "不得重复享受", "不得兼得", "修改", "废止", "历史")


def _english(words: Iterable[str]) -> list[str]:
    """The English aliases of Chinese keywords."""
    return [ALIASES[w] for w in words if w in ALIASES]


def _words(words: Iterable[str]) -> str:
    """A whole-word alternation, longest first."""
    every = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?<!\\w)(?:" + "|".join(re.escape(w) for w in every) + ")(?!\\w)"


def keyword_groups() -> dict[str, list[str]]:
    """Every keyword by scope. Each Chinese keyword of keywords.py is in exactly one group."""
    declarations = list(DECLARATIONS)
    comparisons = list(COMPARISONS)
    verbs = list(AWARD_VERBS)
    taken = set(declarations) | set(comparisons) | set(verbs)
    only_functions = {*FUNCTIONS, *QUANTIFIERS, *FILTERS} - set(ALIASES)  # 取较小( … )
    others = sorted({*CLAUSES, *ALIASES} - taken - only_functions)
    return {
        "storage.type.declaration.sjdsl": declarations + _english(declarations),
        "keyword.operator.word.sjdsl": comparisons + _english(comparisons),
        "keyword.control.award.sjdsl": verbs + _english(verbs),
        "keyword.other.sjdsl": others + _english(others),
    }


def grammar() -> dict[str, Any]:
    """The grammar as JSON data."""
    functions = [*FUNCTIONS, *FUNCTIONS.values(), *QUANTIFIERS, *QUANTIFIERS.values(),
                 *FILTERS, *FILTERS.values()]
    id_lists = [*_ID_LISTS, *_english(_ID_LISTS)]
    groups = keyword_groups()
    repository: dict[str, Any] = {
        "comment": {"name": "comment.line.number-sign.sjdsl", "match": "#.*$"},
        "cite": {
            "match": f"(?<!\\w)(原文|cite)({_WS}+)(「[^」]*」?)",
            "captures": {"1": {"name": "keyword.other.cite.sjdsl"},
                         "3": {"name": "string.quoted.other.cite.sjdsl"}},
        },
        "string": {"patterns": [
            {"name": "string.quoted.other.corner.sjdsl", "match": "「[^」]*」?"},
            {"name": "string.quoted.double.sjdsl", "match": "\"(?:[^\"\\\\]|\\\\.)*\"?"},
        ]},
        "declaration": {"patterns": [
            {"match": f"(?<!\\w)(条款|provision)({_WS}+)({_ID})(?![\\w.])",
             "captures": {"1": {"name": "storage.type.declaration.sjdsl"},
                          "3": {"name": "entity.name.section.provision.sjdsl"}}},
            {"match": f"(?<!\\w)(措施|measure)({_WS}+)([0-9]+)(?!\\w)",
             "captures": {"1": {"name": "storage.type.declaration.sjdsl"},
                          "3": {"name": "entity.name.section.measure.sjdsl"}}},
            {"match": f"(?<!\\w)(附则|rule)({_WS}+)([A-Z]\\.[0-9]+)(?!\\w)",
             "captures": {"1": {"name": "storage.type.declaration.sjdsl"},
                          "3": {"name": "entity.name.section.rule.sjdsl"}}},
            {"match": f"(?<!\\w)(政策|policy|修订|amendment|修订对象|amends)({_WS}+)"
                      "([a-z0-9][a-z0-9-]*)(?![\\w-])",
             "captures": {"1": {"name": "storage.type.declaration.sjdsl"},
                          "3": {"name": "entity.name.namespace.sjdsl"}}},
        ]},
        "provision-ids": {
            "match": f"({_words(id_lists)})((?:{_WS}*[(（]?{_WS}*{_ID}(?:{_WS}*[、,，]{_WS}*{_ID})*))",
            "captures": {"1": {"name": "keyword.other.sjdsl"},
                         "2": {"patterns": [
                             {"name": "constant.other.provision.sjdsl", "match": _ID},
                             {"name": "punctuation.separator.sjdsl", "match": "[、,，]"}]}},
        },
        "date": {"name": "constant.other.date.sjdsl",
                 "match": "(?<![\\w.])(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}年[0-9]{1,2}月"
                          "[0-9]{1,2}日|[0-9]{1,2}月[0-9]{1,2}日)(?!\\w)"},
        "hash": {"name": "constant.numeric.hex.sha256.sjdsl",
                 "match": "(?<!\\w)[0-9a-f]{64}(?!\\w)"},
        "number": {
            "match": f"(?<![\\w.])({_NUMBER})(?:{_WS}*([%‰])|([^\\W\\d_]\\w*))?",
            "captures": {"1": {"name": "constant.numeric.sjdsl"},
                         "2": {"name": "keyword.other.unit.sjdsl"},
                         "3": {"name": "keyword.other.unit.sjdsl"}},
        },
        "function": {"name": "support.function.sjdsl",
                     "match": _words(functions) + f"(?={_WS}*[(（])"},
        "keyword": {"patterns": [{"name": scope, "match": _words(words)}
                                 for scope, words in groups.items()]},
        "kind": {"name": "support.type.kind.sjdsl", "match": _words(KINDS)},
        "name": {"patterns": [
            {"name": "variable.other.english.sjdsl", "match": "(?<!\\w)[a-z_][a-z0-9_]*(?!\\w)"},
            {"name": "variable.other.sjdsl", "match": "\\w+"},
        ]},
        "operator": {"patterns": [
            {"name": "keyword.operator.arithmetic.sjdsl", "match": "[=+\\-−×÷*/]"},
            {"name": "punctuation.separator.sjdsl", "match": "[、,，:：]"},
        ]},
    }
    order = ["comment", "cite", "string", "declaration", "provision-ids", "date", "hash",
             "number", "function", "keyword", "kind", "name", "operator"]
    return {
        "name": "sjdsl policy",
        "scopeName": "source.sjdsl",
        "fileTypes": ["pol"],
        "comment": "Generated by `python -m sjdsl.backends.textmate` from sjdsl/language/keywords.py and "
                   "sjdsl/backends/lexer.py; do not edit by hand.",
        "patterns": [{"include": f"#{name}"} for name in order],
        "repository": repository,
    }


def text() -> str:
    return json.dumps(grammar(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover - the test compares the committed file instead
    if len(sys.argv) != 2:
        print("usage: python -m sjdsl.backends.textmate OUT.tmLanguage.json", file=sys.stderr)
        raise SystemExit(2)
    Path(sys.argv[1]).write_text(text(), encoding="utf-8")
