"""Synthetic policies of N provisions for the compile benchmark (deterministic, not real law)."""

from __future__ import annotations

import random
from pathlib import Path


def write_policy(folder: Path, n: int, seed: int = 1) -> None:
    """Write the synthetic policy as a folder: one .pol file per 100 measures (a file may hold
    at most 2 MiB) and its official text."""
    text, official = synthetic_policy(n, seed)
    header, *measures = text.split("\n措施 ")
    (folder / "official.txt").write_text(official, encoding="utf-8")
    (folder / "a-header.pol").write_text(header + "\n", encoding="utf-8")
    for start in range(0, len(measures), 100):
        chunk = "".join("措施 " + m.rstrip("\n") + "\n\n" for m in measures[start:start + 100])
        (folder / f"m{start // 100:03d}.pol").write_text(chunk, encoding="utf-8")


def synthetic_policy(n: int, seed: int = 1) -> tuple[str, str]:
    """(.pol text, official text) with ``n`` capped-rate provisions in measures of 10."""
    rng = random.Random(seed)
    lines = ["政策 synthetic-bench 「基准测试用合成政策（非真实文件）」", "  原文文件 「official.txt」", ""]
    official = []
    for m in range(1, n // 10 + 2):
        count = min(10, n - (m - 1) * 10)
        if count <= 0:
            break
        lines.append(f"措施 {m} 合成措施{m}")
        for i in range(1, count + 1):
            rate, cap = rng.randint(1, 50), rng.randint(10, 5000)
            sentence = f"第{m}项第{i}款：按不超过基数的{rate}%给予补贴，最高{cap}万元。"
            official.append(sentence)
            lines += [f"  条款 {m}.{i} 合成条款",
                      f"    原文 「{sentence}」",
                      "    输入 基数 base 金额",
                      f"    补贴 按 不超过 基数 的 {rate}%",
                      f"    最高 {cap}万元"]
    return "\n".join(lines) + "\n", "\n".join(official) + "\n"
