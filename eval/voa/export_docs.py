"""Writes the VOA stories of our gold set as text files, with their metadata, for `ceasefire eval`.

VOA staff stories are US government works in the public domain; each keeps its url for credit
("voanews.com / Voice of America / VOA"). Run from the repository root:
    python eval/voa/export_docs.py ../shared/corpus/voa/voa_stories.jsonl
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(source: str) -> None:
    (HERE / "docs").mkdir(exist_ok=True)
    meta_lines = []
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        name = f"voa_{story['id']}.txt"
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
