"""Who or what an act hit: words of the target phrase to target categories; known sources (data)."""

from __future__ import annotations

TARGET_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "post", "posts", "checkpost", "checkposts", "checkpoint", "checkpoints", "soldier",
            "soldiers", "troops", "army", "military", "police", "policemen", "policeman",
            "officers", "convoy", "base", "garrison", "camp", "border guards", "guards",
            "security forces", "forces", "personnel", "station", "outpost", "outposts",
            "cadets", "frontier corps", "paramilitary", "servicemen",
        ),
        "security_forces",
    ),
    **dict.fromkeys(
        (
            "civilian", "civilians", "village", "villages", "market", "mosque", "school", "schools",
            "home", "homes", "house", "houses", "passengers", "train", "bus", "wedding", "hospital",
            "residents", "villagers", "worshippers", "students", "children", "women", "families",
            "family", "journalists", "protesters", "refugees", "shop", "shops", "hotel",
            "neighbourhood", "neighborhood", "residential", "camp for displaced", "schoolgirls",
            "people", "crowd", "traders", "farmers", "pupils",
        ),
        "civilians",
    ),
    **dict.fromkeys(
        (
            "infrastructure", "power station", "power plant", "power grid", "grid", "dam", "bridge",
            "bridges", "pipeline", "airport", "railway", "railway line", "railway track", "port",
            "water supply", "telecommunications", "crossing", "border crossing", "oil", "gas",
        ),
        "critical_infrastructure",
    ),
    **dict.fromkeys(
        (
            "militant", "militants", "hideout", "hideouts", "insurgents", "fighters", "terrorists",
            "camps", "training camp", "compound", "leader", "commander", "rebels", "jihadists",
            "armed groups", "armed group", "positions",
        ),
        "militants",
    ),
}

# Sources named in attribution, to the short name we record and their kind (for credibility).
SOURCES: dict[str, tuple[str, str]] = {
    "united nations assistance mission in afghanistan": ("UNAMA", "un_agency"),
    "unama": ("UNAMA", "un_agency"),
    "united nations": ("United Nations", "un_agency"),
    "un": ("United Nations", "un_agency"),
    "unicef": ("UNICEF", "un_agency"),
    "ocha": ("OCHA", "un_agency"),
    "unhcr": ("UNHCR", "un_agency"),
    "who": ("WHO", "un_agency"),
    "world health organization": ("WHO", "un_agency"),
    "doctors without borders": ("MSF", "ngo"),
    "msf": ("MSF", "ngo"),
    "medecins sans frontieres": ("MSF", "ngo"),
    "red cross": ("ICRC", "ngo"),
    "icrc": ("ICRC", "ngo"),
    "human rights watch": ("Human Rights Watch", "ngo"),
    "amnesty international": ("Amnesty International", "ngo"),
    "armed conflict location & event data": ("ACLED", "dataset"),
    "armed conflict location &, event data": ("ACLED", "dataset"),
    "acled": ("ACLED", "dataset"),
    "center for research and security studies": ("CRSS", "ngo"),
    "crss": ("CRSS", "ngo"),
    "ispr": ("ISPR", "party_official"),
    "inter-services public relations": ("ISPR", "party_official"),
    "police": ("police", "party_official"),
    "officials": ("officials", "party_official"),
    "military": ("military", "party_official"),
    "army": ("army", "party_official"),
    "ministry": ("ministry", "party_official"),
    "spokesperson": ("spokesperson", "party_official"),
    "spokesman": ("spokesperson", "party_official"),
    "residents": ("residents", "witness"),
    "witnesses": ("witnesses", "witness"),
    "eyewitnesses": ("witnesses", "witness"),
    "hospital": ("hospital", "medical"),
    "doctors": ("doctors", "medical"),
    "reports": ("media reports", "media"),
    "media": ("media reports", "media"),
    "state media": ("state media", "media"),
}
