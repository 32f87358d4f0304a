"""Developer check: no text the bot shows copies a sentence of the Dutch source documents.

The source documents are not part of the repository, so this is not a test: it runs where
they are (by default ../shared/seeds beside the clone; or the folder given as argument) and
says plainly when it could not run. Nine words in a row shared with a source count as a copy.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N = 9


def words(text: str) -> list[str]:
    return re.sub(r"\W+", " ", text.lower()).split()


def grams(seq: list[str]) -> set[tuple[str, ...]]:
    return {tuple(seq[i:i + N]) for i in range(len(seq) - N + 1)}


def ours() -> list[Path]:
    return sorted([*(ROOT / "flows" / "content").rglob("*.toml"), *(ROOT / "bot").rglob("*.py"),
                   ROOT / "README.md"])


def main(argv: list[str]) -> int:
    seeds = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    sources = sorted(seeds.glob("*.txt"))
    if not sources:
        print(f"own words: NOT CHECKED - no source documents in {seeds}")
        return 0
    seen = set().union(*(grams(words(p.read_text("utf-8", errors="ignore"))) for p in sources))
    copied = [(path, " ".join(gram)) for path in ours()
              for gram in sorted(grams(words(path.read_text("utf-8"))) & seen)]
    for path, gram in copied:
        print(f"own words: {path.relative_to(ROOT)} copies \"{gram} …\"")
    print(f"own words: {len(ours())} files checked against {len(sources)} source documents, "
          f"{len(copied)} copied runs")
    return 1 if copied else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
