"""editors/vscode: the extension's manifest, language configuration and TextMate grammar load, the
grammar's patterns compile in Oniguruma (VS Code's regex engine) and in Python's re, and a small
TextMate-style tokenizer finds every keyword of sjdsl/language/keywords.py and sjdsl.lark as a keyword,
and none inside a longer word."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sjdsl.backends import textmate
from sjdsl.language.keywords import ALIASES, FILTERS, FUNCTIONS, QUANTIFIERS

from .conftest import ROOT

FOLDER = ROOT / "editors" / "vscode"
GRAMMAR = FOLDER / "syntaxes" / "sjdsl.tmLanguage.json"
KEYWORD_SCOPES = ("keyword.", "storage.type.", "support.function.")


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_manifest_contributes_the_language_grammar_and_settings() -> None:
    manifest = _json(FOLDER / "package.json")
    assert (FOLDER / manifest["main"]).is_file()
    assert manifest["activationEvents"] == ["onLanguage:sjdsl"]
    [language] = manifest["contributes"]["languages"]
    assert language["id"] == "sjdsl" and language["extensions"] == [".pol"]
    assert (FOLDER / language["configuration"]).is_file()
    [grammar] = manifest["contributes"]["grammars"]
    assert grammar["language"] == "sjdsl" and grammar["scopeName"] == "source.sjdsl"
    assert (FOLDER / grammar["path"]).resolve() == GRAMMAR.resolve()
    settings = manifest["contributes"]["configuration"]["properties"]
    assert settings["sjdsl.server.path"]["default"] == "sjdsl"
    assert settings["sjdsl.server.args"]["default"] == ["lsp"]
    assert "vscode-languageclient" in manifest["dependencies"]
    assert not (FOLDER / "node_modules").exists() or "node_modules/" in \
        (FOLDER / ".gitignore").read_text(encoding="utf-8")


def test_the_language_configuration() -> None:
    config = _json(FOLDER / "language-configuration.json")
    assert config["comments"] == {"lineComment": "#"}
    assert ["「", "」"] in config["brackets"]
    assert {"open": "「", "close": "」"}.items() <= config["autoClosingPairs"][0].items()
    assert ["「", "」"] in config["surroundingPairs"]
    rules = config["indentationRules"]
    increase = re.compile(rules["increaseIndentPattern"])
    for line in ("  条款 1.1 制造项目补贴", "措施 1 支持产业项目引进", "    示例 「低于上限」",
                 "    奖励 按 级别 分别", "    奖励 = 最高 下表", "政策 p 「t」"):
        assert increase.search(line), line
    for line in ("    最高 3000万元", "    原文 「…」", "  条款"):
        assert not increase.search(line), line
    re.compile(rules["decreaseIndentPattern"])
    word = re.compile(config["wordPattern"])
    assert word.findall("合计 6.1、6.2") == ["合计", "6.1", "6.2"]


def test_the_grammar_is_the_generated_one() -> None:
    assert GRAMMAR.read_text(encoding="utf-8") == textmate.text(), \
        "regenerate: .venv/bin/python -m sjdsl.backends.textmate editors/vscode/syntaxes/sjdsl.tmLanguage.json"
    grammar = _json(GRAMMAR)
    assert grammar["scopeName"] == "source.sjdsl" and grammar["fileTypes"] == ["pol"]
    for include in grammar["patterns"]:
        assert include["include"][1:] in grammar["repository"]


def _patterns(node: Any) -> Iterator[str]:
    """Every regex of the grammar, the capture patterns' too."""
    if isinstance(node, dict):
        for name in ("match", "begin", "end"):
            if isinstance(node.get(name), str):
                yield node[name]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_every_pattern_compiles_in_oniguruma() -> None:
    onig = pytest.importorskip("onigurumacffi")
    patterns = list(_patterns(_json(GRAMMAR)))
    assert len(patterns) > 15
    for pattern in patterns:
        onig.compile(pattern)


def test_every_pattern_compiles_in_python() -> None:
    for pattern in _patterns(_json(GRAMMAR)):
        re.compile(pattern)


class Tokenizer:
    """TextMate's rule for match patterns: at each point the pattern whose match starts first
    wins, the earlier listed on a tie; its captures scope their groups (capture patterns run on
    the group's text). Oniguruma where installed, else Python's re."""

    def __init__(self, grammar: dict[str, Any]) -> None:
        self.repository = grammar["repository"]
        self.rules = self._flatten(grammar["patterns"])
        try:
            import onigurumacffi

            self.compile = onigurumacffi.compile
        except ImportError:
            self.compile = re.compile
        self.compiled: dict[str, Any] = {}

    def _flatten(self, patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for rule in patterns:
            if "include" in rule:
                out += self._flatten([self.repository[rule["include"][1:]]])
            elif "patterns" in rule and "match" not in rule:
                out += self._flatten(rule["patterns"])
            else:
                out.append(rule)
        return out

    def _regex(self, pattern: str) -> Any:
        if pattern not in self.compiled:
            self.compiled[pattern] = self.compile(pattern)
        return self.compiled[pattern]

    def tokens(self, line: str, rules: list[dict[str, Any]] | None = None) -> list[tuple[str, str]]:
        rules = self.rules if rules is None else rules
        out, at = [], 0
        while at < len(line):
            best = None
            for rule in rules:
                match = self._regex(rule["match"]).search(line, at)
                if match and match.end() > match.start() and (
                        best is None or match.start() < best[0].start()):
                    best = (match, rule)
            if best is None:
                break
            match, rule = best
            if "captures" in rule:
                for group, capture in sorted(rule["captures"].items(), key=lambda g: int(g[0])):
                    text = match.group(int(group))
                    if not text:
                        continue
                    if "patterns" in capture:
                        out += self.tokens(text, self._flatten(capture["patterns"]))
                    else:
                        out.append((text, capture["name"]))
            else:
                out.append((match.group(0), rule["name"]))
            at = match.end()
        return out


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(_json(GRAMMAR))


def _grammar_words() -> set[str]:
    """The words the Lark grammar writes as literals ("条款", "最高" …)."""
    text = (ROOT / "grammar" / "sjdsl.lark").read_text(encoding="utf-8")
    code = "\n".join(line.partition("//")[0] for line in text.splitlines())
    return {w for w in re.findall(r'"([^"\\]+)"', code) if re.fullmatch(r"[^\W\d]\w*", w)}


def test_every_keyword_is_a_keyword(tokenizer: Tokenizer) -> None:
    words = {*ALIASES, *ALIASES.values(), *_grammar_words()}
    assert len(words) > 250
    functions = {*FUNCTIONS, *FUNCTIONS.values(), *QUANTIFIERS, *QUANTIFIERS.values(),
                 *FILTERS, *FILTERS.values()}
    missed = []
    for word in sorted(words):
        found = tokenizer.tokens(f"  {word} ")
        if len(found) != 1 or found[0][0] != word or not found[0][1].startswith(KEYWORD_SCOPES):
            missed.append((word, found))
    for word in sorted(functions):
        found = tokenizer.tokens(f"{word}(a, b)")
        if found[0] != (word, "support.function.sjdsl"):
            missed.append((word, found))
    assert not missed


def test_no_keyword_inside_a_longer_word(tokenizer: Tokenizer) -> None:
    # 项目 and 最高 are keywords; a name that starts or ends with them is one name
    assert tokenizer.tokens("项目固定资产投资额 项目最高额 本年产值") == [
        ("项目固定资产投资额", "variable.other.sjdsl"), ("项目最高额", "variable.other.sjdsl"),
        ("本年产值", "variable.other.sjdsl")]


@pytest.mark.parametrize("line, expected", [
    ("    补贴 按 不超过 项目固定资产投资额 的 15%", [
        ("补贴", "keyword.control.award.sjdsl"), ("按", "keyword.other.sjdsl"),
        ("不超过", "keyword.operator.word.sjdsl"), ("项目固定资产投资额", "variable.other.sjdsl"),
        ("的", "keyword.other.sjdsl"), ("15", "constant.numeric.sjdsl"),
        ("%", "keyword.other.unit.sjdsl")]),
    ("  条款 1.1 制造项目补贴", [
        ("条款", "storage.type.declaration.sjdsl"), ("1.1", "entity.name.section.provision.sjdsl"),
        ("制造项目补贴", "variable.other.sjdsl")]),
    ("    原文 「最高3000万元。」  # 第一条", [
        ("原文", "keyword.other.cite.sjdsl"), ("「最高3000万元。」", "string.quoted.other.cite.sjdsl"),
        ("# 第一条", "comment.line.number-sign.sjdsl")]),
    ("    最高 3000万元", [
        ("最高", "keyword.operator.word.sjdsl"), ("3000", "constant.numeric.sjdsl"),
        ("万元", "keyword.other.unit.sjdsl")]),
    ("  单个企业最高 500万元 合计 6.1、6.2", [
        ("单个企业最高", "keyword.other.sjdsl"), ("500", "constant.numeric.sjdsl"),
        ("万元", "keyword.other.unit.sjdsl"), ("合计", "keyword.other.sjdsl"),
        ("6.1", "constant.other.provision.sjdsl"), ("、", "punctuation.separator.sjdsl"),
        ("6.2", "constant.other.provision.sjdsl")]),
    ("  附则 F.1 有效期 2019年3月1日 至 2023-02-28", [
        ("附则", "storage.type.declaration.sjdsl"), ("F.1", "entity.name.section.rule.sjdsl"),
        ("有效期", "keyword.other.sjdsl"), ("2019年3月1日", "constant.other.date.sjdsl"),
        ("至", "keyword.other.sjdsl"), ("2023-02-28", "constant.other.date.sjdsl")]),
    ("    输入 项目固定资产投资额 fixed_asset_investment 金额 可选", [
        ("输入", "keyword.other.sjdsl"), ("项目固定资产投资额", "variable.other.sjdsl"),
        ("fixed_asset_investment", "variable.other.english.sjdsl"),
        ("金额", "support.type.kind.sjdsl"), ("可选", "keyword.other.sjdsl")]),
    ("    奖励 = 取较小(增量 每满 1亿元 × 100万元, 300万元)", [
        ("奖励", "keyword.control.award.sjdsl"), ("=", "keyword.operator.arithmetic.sjdsl"),
        ("取较小", "support.function.sjdsl"), ("增量", "variable.other.sjdsl"),
        ("每满", "keyword.other.sjdsl"), ("1", "constant.numeric.sjdsl"),
        ("亿元", "keyword.other.unit.sjdsl"), ("×", "keyword.operator.arithmetic.sjdsl"),
        ("100", "constant.numeric.sjdsl"), ("万元", "keyword.other.unit.sjdsl"),
        (",", "punctuation.separator.sjdsl"), ("300", "constant.numeric.sjdsl"),
        ("万元", "keyword.other.unit.sjdsl")]),
    ("provision 1.1 cap enterprise_cap", [
        ("provision", "storage.type.declaration.sjdsl"),
        ("1.1", "entity.name.section.provision.sjdsl"), ("cap", "keyword.other.sjdsl"),
        ("enterprise_cap", "keyword.other.sjdsl")]),
    ("  原文文件 「official.txt」 sha256 " + "ab" * 32, [
        ("原文文件", "keyword.other.sjdsl"), ("「official.txt」", "string.quoted.other.corner.sjdsl"),
        ("sha256", "keyword.other.sjdsl"), ("ab" * 32, "constant.numeric.hex.sha256.sjdsl")]),
])
def test_tokens_of_policy_lines(tokenizer: Tokenizer, line: str,
                                expected: list[tuple[str, str]]) -> None:
    assert tokenizer.tokens(line) == expected


def test_every_policy_line_tokenizes(tokenizer: Tokenizer) -> None:
    """Every line of the repository's policies: the tokens cover all but white space and
    punctuation the grammar leaves plain, and a 原文 line is always a cite."""
    lines = [line for path in sorted((ROOT / "policies").rglob("*.pol"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 500
    for line in lines:
        found = tokenizer.tokens(line)
        covered = "".join(text for text, _ in found)
        left = re.sub(r"[\s（）()]", "", line)
        assert re.sub(r"[\s（）()]", "", covered) == left, line
        if line.strip().startswith("原文 「"):
            assert found[1][1] == "string.quoted.other.cite.sjdsl", line


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_client_and_the_configuration_s_patterns_are_valid_javascript() -> None:
    subprocess.run(["node", "--check", str(FOLDER / "extension.js")], check=True, timeout=60)
    script = ("const c = require(process.argv[1]); for (const p of [c.wordPattern, "
              "c.indentationRules.increaseIndentPattern, c.indentationRules.decreaseIndentPattern])"
              " new RegExp(p);")
    subprocess.run(["node", "-e", script, str(FOLDER / "language-configuration.json")],
                   check=True, timeout=60)
