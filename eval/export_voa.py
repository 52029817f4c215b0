"""Writes VOA stories as text files, with their metadata, into an eval set for `ceasefire eval`.

VOA staff stories are US government works in the public domain; each keeps its url for credit
("voanews.com / Voice of America / VOA"). Run from the repository root:
    python eval/export_voa.py ../shared/corpus/voa/voa_stories.jsonl eval/voa
    python eval/export_voa.py ../shared/corpus/voa/voa_stories.jsonl eval/voa-holdout --only-gold
With --only-gold, just the stories the set's gold.jsonl names are written (the held-out set).
"""

import argparse
import json
from pathlib import Path


def _gold_ids(folder: Path) -> list[str]:
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["file"].removeprefix("voa_").removesuffix(".txt") for line in lines]


def export(source: Path, folder: Path, *, only_gold: bool) -> int:
    stories = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        stories[str(story["id"])] = story
    ids = _gold_ids(folder) if only_gold else list(stories)
    (folder / "docs").mkdir(exist_ok=True)
    meta_lines = []
    for story_id in ids:
        story = stories[story_id]
        name = f"voa_{story_id}.txt"
        (folder / "docs" / name).write_text(story["text"] + "\n", encoding="utf-8")
        meta = {
            "file": name,
            "published": story["published"][:10],
            "publisher": "Voice of America",
            "url": story["url"],
            "language": "en",
            "kind": "news",
            "title": story["title"],
        }
        meta_lines.append(json.dumps(meta, ensure_ascii=False))
    (folder / "meta.jsonl").write_text("\n".join(meta_lines) + "\n", encoding="utf-8")
    return len(ids)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="voa_stories.jsonl")
    parser.add_argument("folder", type=Path, help="the eval set's folder")
    parser.add_argument(
        "--only-gold", action="store_true", help="only the stories gold.jsonl names"
    )
    args = parser.parse_args()
    print(f"{export(args.source, args.folder, only_gold=args.only_gold)} stories written")
