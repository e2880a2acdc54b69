"""mkdocs hook: serve the pages that `sjdsl compile` wrote to generated/docs/ beside docs/.

The generated pages stay where the compiler writes them (and where CI checks they are fresh);
this hook only adds them to the site, so `mkdocs serve` reloads them too. A nav entry that names
a generated policy's index page (``松江…: songjiang-terminal-2024/index.md``) becomes that
policy's section: the policy page, the whole official text, every measure, every amendment, the
register, the fidelity report and the printable review, so a page the compiler adds is never
left out of the nav.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

GENERATED = Path(__file__).parent / "generated" / "docs"


def _title(page: Path) -> str:
    """The page's first heading for the nav, escaped: the generator wrote it with character
    references, and the theme prints a nav title as HTML, so it is read as text and escaped
    again (a title from a .pol file never becomes markup)."""
    first = page.read_text(encoding="utf-8").split("\n", 1)[0]
    return html.escape(html.unescape(first.removeprefix("# ").strip()), quote=False)


def policy_section(folder: Path) -> list[dict[str, str]]:
    name = folder.name
    section = [{"政策 · Policy": f"{name}/index.md"},
               {"原文全文 · Official text": f"{name}/official.md"}]
    for kind in ("measure-", "amendment-"):
        section += [{_title(p): f"{name}/{p.name}"} for p in sorted(folder.glob(f"{kind}*.md"))]
    section += [{"解读登记表 · Register": f"{name}/register.md"},
                {"一致性报告 · Fidelity": f"{name}/fidelity.md"}]
    if (folder / "review.md").is_file():
        section.append({"审阅版 · Printable review": f"{name}/review.md"})
    return section


def on_config(config: Any) -> Any:
    nav = []
    for item in config["nav"] or []:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            folder = GENERATED / str(target).removesuffix("/index.md")
            if isinstance(target, str) and target.endswith("/index.md") and folder.is_dir():
                item = {title: policy_section(folder)}
        nav.append(item)
    config["nav"] = nav
    return config


def on_files(files: Files, config: Any) -> Files:
    for page in sorted(GENERATED.rglob("*.md")):
        files.append(File(page.relative_to(GENERATED).as_posix(), str(GENERATED),
                          config["site_dir"], config["use_directory_urls"]))
    return files
