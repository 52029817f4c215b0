"""Page junk: whole lines that web pages and aggregators leave in article text (data, not logic).

Each pattern must match a *whole* line (after stripping) and is tried case-insensitively. Keep them
narrow: a pattern that could match a sentence of reporting is a defect.
"""

JUNK_LINES: tuple[str, ...] = (
    r"recommended( stories| for you| articles)?",
    r"list of \d+ items?.*end of list",
    r"list of \d+ items?",
    r"end of list",
    r"leave a (reply|comment)",
    r"(\d+ )?comments?",
    r"(share|share this( article| story)?|share on (facebook|twitter|x|whatsapp|linkedin|email))",
    r"(facebook|twitter|whatsapp|linkedin|telegram|email|print|copy link)",
    r"(subscribe|subscribe now|sign up|sign up now)[.!]?",
    r"(subscribe|sign up) (to|for) (our|the) .{0,40}(newsletter|updates|alerts)[.!]?",
    r"follow us on .{1,40}",
    r"(click|tap) here to .{1,60}",
    r"(read more|read also|see also|also read|related( stories| articles| news)?):?",
    # A link to another story, its headline after the label ("Also read: Police constable injured
    # in grenade attack"): another story's act, not this one's.
    r"(read more|read also|see also|also read|related( stories| articles| news)?)\s*:\s*.{3,110}",
    r"advertisement|sponsored( content)?",
    r"skip to (main )?content",
    r"(cookie|cookies) (policy|settings|preferences)",
    r"accept( all)? cookies",
    r"download (our|the) app.{0,40}",
    r"(updated|published) \d{1,2} \w+ \d{4}.{0,20}",
)

# A closing credit line: "Source: Aljazeera", "Source : Reuters". Its value becomes the publisher.
SOURCE_LINE = r"source\s*:\s*(?P<publisher>[^\n]{2,60})"

# Spellings of publishers as credit lines write them, to the name we keep.
PUBLISHER_NAMES: dict[str, str] = {
    "aljazeera": "Al Jazeera",
    "al jazeera": "Al Jazeera",
    "al jazeera english": "Al Jazeera",
    "aje": "Al Jazeera",
    "reuters": "Reuters",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "afp": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse",
    "voa": "Voice of America",
    "voice of america": "Voice of America",
    "bbc": "BBC",
    "bbc news": "BBC",
    "dawn": "Dawn",
    "tolonews": "TOLOnews",
    "tolo news": "TOLOnews",
    "the express tribune": "The Express Tribune",
    "express tribune": "The Express Tribune",
    "geo news": "Geo News",
    "app": "Associated Press of Pakistan",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
}
