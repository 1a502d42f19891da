"""The archived seed articles are the founding articles, byte for byte, and every quote that
cites a seed is found in it character for character."""

from __future__ import annotations

import csv
import hashlib

from conftest import DATASETS, REPO

SEEDS = DATASETS / "seeds"
SHARED = REPO.parent / "shared" / "seeds"  # beside the clone on the team's machines and in CI


def test_archived_seeds_match_their_recorded_digests():
    recorded = dict(line.split()[::-1] for line in (SEEDS / "SHA256SUMS").read_text().splitlines())
    actual = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    assert actual == recorded


def test_archived_seeds_are_the_shared_founding_articles():
    shared = {p.name: p.read_bytes() for p in SHARED.glob("*.txt")} if SHARED.is_dir() else None
    archived = {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
    if shared is not None:  # where the founding articles sit beside the clone, compare directly
        assert archived == shared
    assert len(archived) == 5


def test_every_seed_quote_is_verbatim():
    seeds = {r["source_id"]: r["seed_file"] for r in csv.DictReader((DATASETS / "sources.csv").open(encoding="utf-8"))
             if r["seed_file"]}
    texts = {name: (SEEDS / name).read_text(encoding="utf-8") for name in set(seeds.values())}
    checked = 0
    for table in ("metrics", "subsidies", "demographics", "category_share", "claims"):
        for row in csv.DictReader((DATASETS / f"{table}.csv").open(encoding="utf-8")):
            if row["source_id"] in seeds:
                assert row["quote"] in texts[seeds[row["source_id"]]], (table, row["quote"])
                checked += 1
    assert checked >= 50


def test_the_datasets_readme_shows_the_current_coverage():
    import re

    from reportgen.coverage import coverage_markdown
    from reportgen.pipeline import Stages

    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- coverage:start -->\n(.*?)<!-- coverage:end -->", readme, re.S).group(1)
    assert shown == coverage_markdown(Stages(DATASETS)), "run `reportgen coverage` and paste it into datasets/README.md"
