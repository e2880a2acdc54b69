"""mkdocs hook: serve the pages that `sjdsl compile` wrote to generated/docs/ beside docs/.

The generated pages stay where the compiler writes them (and where CI checks they are fresh);
this hook only adds them to the site, so `mkdocs serve` reloads them too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

GENERATED = Path(__file__).parent / "generated" / "docs"


def on_files(files: Files, config: Any) -> Files:
    for page in sorted(GENERATED.rglob("*.md")):
        files.append(File(page.relative_to(GENERATED).as_posix(), str(GENERATED),
                          config["site_dir"], config["use_directory_urls"]))
    return files
