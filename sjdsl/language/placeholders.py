"""E025: the placeholders `sjdsl init` writes (待填写, 待命名, 「待编码…」), each an error until filled.

A skeleton is a to-do list: its placeholders parse and check as ordinary names and texts, so
without this pass a skeleton would pass `sjdsl check` unfinished. The pass reads the .pol text
token by token (quoted texts, comments, words), so a placeholder is found wherever it stands,
and says for each what to write there, by the keyword that opens its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sjdsl.language.diagnostics import Diagnostic, error
from sjdsl.language.ir import Span
from sjdsl.language.keywords import ALIASES

#: The words a skeleton's placeholders begin with; a name or a quoted text starting with one of
#: them is a placeholder.
MARKERS = ("待填写", "待命名", "待编码")

#: A quoted text, a comment, or a word: the tokens of a line, enough to tell a placeholder.
_TOKEN = re.compile(r'「[^」\n]*」|"(?:[^"\\\n]|\\.)*"|#.*|[^\s「"#]+')

#: What to write instead of a placeholder, by the keyword that opens its line.
_WHAT = {
    "政策": ("the policy's title", "政策标题",
             "write the title of the official text, as it stands in its title line"),
    "文号": ("the document number", "文号",
             "write it as the text prints it (沪松经规〔2024〕4号), or delete the line if the "
             "document has none"),
    "措施": ("the measure's title", "措施标题", "a few words that name the measure"),
    "条款": ("the provision's name", "条款名称",
             "a few words that name what it pays for (首次达标采购奖励)"),
    "责任单位": ("the units responsible", "责任单位",
             "name them as the text does (区经委、区财政局)"),
    "定性": ("the award rule", "给付规则",
             "replace the 定性 line with the award (补贴 按 不超过 投资额 的 15%, 奖励 50万元 …) "
             "and its 输入; keep 定性 「…」 with your own words only for a provision that pays "
             "nothing"),
}
_CHINESE = {english: chinese for chinese, english in ALIASES.items()}
_OTHER = ("a value", "内容", "write what the line needs in place of the placeholder")


def find_placeholders(texts: Iterable[tuple[str, str]]) -> list[Diagnostic]:
    """E025 for every placeholder in the given (file name, .pol text) pairs."""
    return [d for file, text in texts for d in _file(file, text)]


def _file(file: str, text: str) -> Iterator[Diagnostic]:
    for number, line in enumerate(text.splitlines(), start=1):
        tokens = [m for m in _TOKEN.finditer(line) if not m.group(0).startswith("#")]
        for match in tokens:
            if not _unquoted(match.group(0)).startswith(MARKERS):
                continue
            keyword = _CHINESE.get(tokens[0].group(0), tokens[0].group(0))
            english, chinese, how = _WHAT.get(keyword, _OTHER)
            span = Span(file, number, match.start() + 1, number, match.end() + 1)
            yield error("E025", f"placeholder {match.group(0)} left by sjdsl init: fill in "
                                f"{english} / 待填写{chinese}", span, how)


def _unquoted(token: str) -> str:
    if token.startswith("「"):
        return token[1:-1].strip()
    if token.startswith('"'):
        return token[1:-1].strip()
    return token


def summary(diagnostics: Iterable[Diagnostic]) -> str | None:
    """"12 placeholders left to fill", or None when there is none."""
    left = sum(1 for d in diagnostics if d.code == "E025")
    if not left:
        return None
    noun = "placeholder" if left == 1 else "placeholders"
    return f"{left} {noun} left to fill / 还有 {left} 处待填写"
