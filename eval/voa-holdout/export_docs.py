"""Writes the 15 held-out VOA stories as text files, with their metadata, for `ceasefire eval`.

Same layout as eval/voa/export_docs.py, restricted to the stories of this held-out set. VOA staff
stories are US government works in the public domain; each keeps its url for credit. Run from the
repository root:
    python eval/voa-holdout/export_docs.py ../shared/corpus/voa/voa_stories.jsonl
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent

IDS = [
    "6180206",
    "6205512",
    "8010046",
    "7836916",
    "8006723",
    "6204080",
    "6181522",
    "8009714",
    "8009044",
    "6181235",
    "8004380",
    "8010030",
    "6203336",
    "7846440",
    "8008349",
]


def main(source: str) -> None:
    (HERE / "docs").mkdir(exist_ok=True)
    stories = {}
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        stories[str(story["id"])] = story
    meta_lines = []
    for story_id in IDS:
        story = stories[story_id]
        name = f"voa_{story_id}.txt"
        (HERE / "docs" / name).write_text(story["text"] + "\n", encoding="utf-8")
        meta_lines.append(
            json.dumps(
                {
                    "file": name,
                    "published": story["published"][:10],
                    "publisher": "Voice of America",
                    "url": story["url"],
                    "language": "en",
                    "kind": "news",
                    "title": story["title"],
                },
                ensure_ascii=False,
            )
        )
    (HERE / "meta.jsonl").write_text("\n".join(meta_lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
