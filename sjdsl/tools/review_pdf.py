"""The printable review of each policy as a PDF: ``python -m sjdsl.tools.review_pdf site``.

`make docs` runs it after `mkdocs build`: each ``site/<policy>/review.html`` (the page
``sjdsl compile`` writes as ``review.md``) is printed by headless Chromium to
``site/<policy>/review.pdf``, with the site's print stylesheet (no navigation, code wrapped).

Why Chromium and not WeasyPrint: CI already installs Debian's chromium for the browser tests, so
the PDF is printed by the engine those tests check the page in, with no new Python dependency
and no system libraries beyond it; WeasyPrint would add a package and Pango.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
         "--run-all-compositor-stages-before-draw")


def browser() -> str | None:
    """Debian's chromium (or a Chrome) on the PATH."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(page: Path, out: Path, chromium: str, timeout: float = 180) -> None:
    """Print one HTML page to a PDF; raises RuntimeError when Chromium writes none."""
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="sjdsl-pdf-") as profile:
        done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}",
                               f"--print-to-pdf={out}", page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=timeout)
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF for {page} (exit {done.returncode}): "
                           f"{done.stderr[-800:]}")


def reviews(site: Path) -> list[tuple[Path, Path]]:
    """(review page, PDF path) for each policy of a built site."""
    return [(page, page.parent / "review.pdf") for page in sorted(site.glob("*/review.html"))]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m sjdsl.tools.review_pdf SITE_DIR (the folder mkdocs built)",
              file=sys.stderr)
        return 2
    site = Path(args[0])
    pages = reviews(site)
    if not pages:
        print(f"error: no */review.html under {site}: run `mkdocs build` first",
              file=sys.stderr)
        return 2
    chromium = browser()
    if chromium is None:
        print("error: the review PDF is printed by Chromium, which is not installed "
              "(Debian: apt-get install chromium fonts-wqy-zenhei)", file=sys.stderr)
        return 1
    for page, out in pages:
        try:
            print_pdf(page, out, chromium)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
