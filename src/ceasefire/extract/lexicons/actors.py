"""Actors: parties, their forces and officials, armed groups — each with a canonical name (data).

Canonical names follow ACLED's style ("Military Forces of Pakistan"). ``party`` names the state an
actor stands for when it is a state's force or official, so that an agreement can map actors to its
parties; armed groups have no party.
"""

from __future__ import annotations

from typing import NamedTuple


class Actor(NamedTuple):
    canonical: str
    # state_forces | rebel_group | political_militia | civilians | unidentified | protesters | rioters
    category: str
    party: str | None
    aliases: tuple[str, ...]


ACTORS: tuple[Actor, ...] = (
    Actor(
        "Military Forces of Pakistan",
        "state_forces",
        "Pakistan",
        (
            "Pakistan",
            "Pakistani",
            "Islamabad",
            "Pakistani military",
            "Pakistan military",
            "Pakistani army",
            "Pakistan army",
            "Pakistani forces",
            "Pakistan forces",
            "Pakistani troops",
            "Pakistani soldiers",
            "Pakistani security forces",
            "Pakistan's military",
            "Pakistan's army",
            "Pakistan Air Force",
            "PAF",
            "ISPR",
            "Inter-Services Public Relations",
            "Frontier Corps",
            "FC",
            "Pakistani border forces",
            "Pakistani government",
            "Government of Pakistan",
            "Pakistani officials",
            # the Afghan authorities' words for Pakistan's forces in their statements
            "Pakistani military regime",
            "Pakistani regime",
            "Pakistani military forces",
        ),
    ),
    Actor(
        "Taliban (Afghanistan)",
        "state_forces",
        "Afghanistan",
        (
            "Afghanistan",
            "Afghan",
            "Kabul",
            "Taliban",
            "Afghan Taliban",
            "the Taliban",
            "Taliban government",
            "Taliban administration",
            "Taliban forces",
            "Taliban fighters",
            "Afghan forces",
            "Afghan border forces",
            "Afghan security forces",
            "Afghan troops",
            "Afghan border guards",
            "Islamic Emirate",
            "Islamic Emirate of Afghanistan",
            "Taliban authorities",
            "Afghan Taliban forces",
            "Taliban-led government",
            # Pakistan's official words for the Taliban's government and its forces
            "Taliban regime",
            "Afghan Taliban regime",
            "Afghan interim government",
            "interim Afghan government",
            "Kabul regime",
        ),
    ),
    Actor(
        "TTP",
        "rebel_group",
        None,
        (
            "TTP",
            "Tehrik-i-Taliban Pakistan",
            "Tehrik-e-Taliban Pakistan",
            "Tehreek-e-Taliban Pakistan",
            "Tehrik-i-Taliban",
            "Pakistani Taliban",
            "Pakistan Taliban",
            "Fitna al-Khawarij",
            "Fitna al Khawarij",
            "Khawarij",
            # Pakistan's official names for the TTP since 2024 ("khwarij" in ISPR releases)
            "Fitna al-Khwarij",
            "Fitna al Khwarij",
            "Khwarij",
            "Khawarij terrorists",
            "Fitna-al-Khawarij",
            "Fitna-al-Khwarij",
            "Kharijis",
            "Khariji",
        ),
    ),
    Actor(
        # Pakistan's official name since 2025 for the Baloch separatist groups (BLA, BLF, BRAS):
        # which group is meant is not said, so it is one actor of its own.
        "Baloch separatists",
        "rebel_group",
        None,
        (
            "Fitna al-Hindustan",
            "Fitna al Hindustan",
            "Fitna-al-Hindustan",
            "Indian-sponsored proxies",
            "Indian sponsored proxies",
            "Indian proxies",
            "Indian-backed proxies",
            "Indian-sponsored Fitna al-Hindustan",
            "Baloch separatists",
            "Baloch insurgents",
        ),
    ),
    Actor(
        "BLA",
        "rebel_group",
        None,
        (
            "BLA",
            "Balochistan Liberation Army",
            "Baloch Liberation Army",
            "Baluchistan Liberation Army",
            "Majeed Brigade",
        ),
    ),
    Actor(
        "BLF",
        "rebel_group",
        None,
        ("BLF", "Balochistan Liberation Front", "Baloch Liberation Front"),
    ),
    Actor(
        "ISKP",
        "rebel_group",
        None,
        (
            "ISKP",
            "IS-K",
            "ISIS-K",
            "ISIL-K",
            "Islamic State Khorasan",
            "Islamic State Khorasan Province",
            "Islamic State-Khorasan",
        ),
    ),
    Actor(
        "Islamic State",
        "rebel_group",
        None,
        (
            "Islamic State",
            "IS",
            "ISIS",
            "ISIL",
            "Daesh",
            "Islamic State group",
            "Islamic State terror group",
        ),
    ),
    Actor(
        "Islamic State Sahel",
        "rebel_group",
        None,
        ("Islamic State Sahel", "IS Sahel", "Islamic State in the Greater Sahara", "ISGS"),
    ),
    Actor(
        "Islamic State West Africa",
        "rebel_group",
        None,
        ("ISWAP", "Islamic State West Africa Province", "Islamic State West Africa"),
    ),
    Actor(
        "JNIM",
        "rebel_group",
        None,
        (
            "JNIM",
            "Jama'at Nusrat al-Islam wal-Muslimin",
            "Group for the Support of Islam and Muslims",
        ),
    ),
    Actor("Boko Haram", "rebel_group", None, ("Boko Haram",)),
    Actor(
        "al-Shabab",
        "rebel_group",
        None,
        ("al-Shabab", "al-Shabaab", "Al Shabab", "Al Shabaab", "Shabab", "al Shabab"),
    ),
    Actor("al-Qaida", "rebel_group", None, ("al-Qaida", "al-Qaeda", "Al Qaeda", "al Qaida")),
    Actor(
        "Haqqani Network", "rebel_group", None, ("Haqqani network", "Haqqani Network", "Haqqanis")
    ),
    Actor("Hamas", "rebel_group", None, ("Hamas",)),
    Actor("Hezbollah", "rebel_group", None, ("Hezbollah", "Hizbollah")),
    Actor("Houthis", "rebel_group", None, ("Houthis", "Houthi rebels", "Ansar Allah")),
    Actor(
        "Rapid Support Forces",
        "rebel_group",
        None,
        (
            "Rapid Support Forces",
            "RSF",
            # the Sudanese army's and government's words for the RSF in their statements
            "Rapid Support militia",
            "Rapid Support Militia",
            "RSF militia",
            "Dagalo militia",
            "Janjaweed militia",
        ),
    ),
    # Other armed groups that recur in the wires, under ACLED's names.
    Actor("3R: Return, Reclamation, Rehabilitation", "rebel_group", None, ("3R", "3R rebels")),
    Actor(
        "UPC: Unity for Peace in Central Africa",
        "rebel_group",
        None,
        ("UPC", "Union for Peace in the Central African Republic"),
    ),
    Actor(
        "CPC: Coalition of Patriots for Change",
        "rebel_group",
        None,
        ("Coalition of Patriots for Change", "CPC rebels"),
    ),
    Actor("Anti-Balaka", "political_militia", None, ("anti-Balaka", "Anti-Balaka")),
    Actor(
        "ADF: Allied Democratic Forces", "rebel_group", None, ("Allied Democratic Forces", "ADF")
    ),
    Actor(
        "M23: March 23 Movement", "rebel_group", None, ("M23", "March 23 Movement", "M23 rebels")
    ),
    Actor("CODECO", "political_militia", None, ("CODECO",)),
    Actor(
        "Islamic State West Africa Province",
        "rebel_group",
        None,
        ("ISWAP", "Islamic State West Africa Province", "Islamic State West Africa"),
    ),
    Actor("Ansaru", "rebel_group", None, ("Ansaru",)),
    Actor(
        "Wagner Group", "state_forces", "Russia", ("Wagner Group", "Wagner mercenaries", "Wagner")
    ),
    Actor("Arakan Army", "rebel_group", None, ("Arakan Army",)),
    Actor(
        "People's Defense Force",
        "rebel_group",
        None,
        ("People's Defense Force", "People's Defence Force", "People's Defense Forces"),
    ),
    Actor("Hayat Tahrir al-Sham", "rebel_group", None, ("Hayat Tahrir al-Sham", "HTS")),
    Actor("Syrian Democratic Forces", "rebel_group", None, ("Syrian Democratic Forces", "SDF")),
    Actor(
        "PKK: Kurdistan Workers' Party", "rebel_group", None, ("PKK", "Kurdistan Workers' Party")
    ),
    Actor("Lashkar-e-Taiba", "rebel_group", None, ("Lashkar-e-Taiba", "LeT", "Lashkar-e-Tayyiba")),
    Actor("Jaish-e-Mohammed", "rebel_group", None, ("Jaish-e-Mohammed", "JeM", "Jaish-e-Muhammad")),
    # Armed groups of Pakistan's north-west and Balochistan, and Afghanistan's armed opposition.
    Actor(
        "Hafiz Gul Bahadur Group",
        "rebel_group",
        None,
        ("Hafiz Gul Bahadur group", "Hafiz Gul Bahadur Group", "Gul Bahadur group"),
    ),
    Actor("Lashkar-e-Islam", "rebel_group", None, ("Lashkar-e-Islam", "Lashkar-i-Islam")),
    Actor(
        "Jamaat-ul-Ahrar",
        "rebel_group",
        None,
        ("Jamaat-ul-Ahrar", "Jamat-ul-Ahrar", "Jamaat ul Ahrar"),
    ),
    Actor(
        "Ittehad-ul-Mujahideen Pakistan",
        "rebel_group",
        None,
        ("Ittehad-ul-Mujahideen Pakistan", "Ittehad-ul-Mujahideen"),
    ),
    Actor(
        "Lashkar-e-Jhangvi",
        "political_militia",
        None,
        ("Lashkar-e-Jhangvi", "Lashkar-i-Jhangvi", "LeJ"),
    ),
    Actor("Jaish al-Adl", "rebel_group", None, ("Jaish al-Adl", "Jaish ul-Adl")),
    Actor("BRA", "rebel_group", None, ("Baloch Republican Army", "BRA")),
    Actor(
        "BRAS: Baloch Raji Aajoi Sangar",
        "rebel_group",
        None,
        ("Baloch Raji Aajoi Sangar", "Baloch Raaji Aajoi Sangar", "BRAS"),
    ),
    Actor(
        "NRF: National Resistance Front",
        "rebel_group",
        None,
        ("National Resistance Front", "NRF", "National Resistance Front of Afghanistan"),
    ),
    Actor(
        "AFF: Afghanistan Freedom Front",
        "rebel_group",
        None,
        ("Afghanistan Freedom Front", "AFF"),
    ),
    Actor("Kachin Independence Army", "rebel_group", None, ("Kachin Independence Army",)),
    Actor(
        "Ta'ang National Liberation Army",
        "rebel_group",
        None,
        ("Ta'ang National Liberation Army", "TNLA"),
    ),
    Actor(
        "MNDAA: Myanmar National Democratic Alliance Army",
        "rebel_group",
        None,
        ("Myanmar National Democratic Alliance Army", "MNDAA"),
    ),
    Actor(
        "Military Forces of Sudan",
        "state_forces",
        "Sudan",
        ("Sudanese army", "Sudanese Armed Forces", "SAF", "Sudan's army", "Sudan's military"),
    ),
    Actor(
        "Military Forces of Somalia",
        "state_forces",
        "Somalia",
        (
            "Somali forces",
            "Somali army",
            "Somali National Army",
            "SNA",
            "Somali security forces",
            "Somali troops",
            "Somali government forces",
        ),
    ),
    Actor(
        "Military Forces of Myanmar",
        "state_forces",
        "Myanmar",
        (
            "Myanmar military",
            "Myanmar army",
            "Tatmadaw",
            "junta",
            "Myanmar junta",
            "Myanmar security forces",
            "security forces in Myanmar",
        ),
    ),
    Actor(
        "Military Forces of Iraq",
        "state_forces",
        "Iraq",
        ("Iraqi forces", "Iraqi security forces", "Iraqi army", "Iraqi military"),
    ),
    Actor(
        "Military Forces of the United States",
        "state_forces",
        "United States",
        (
            "U.S. forces",
            "US forces",
            "U.S. military",
            "US military",
            "American forces",
            "U.S. troops",
            "US troops",
            "CENTCOM",
            "U.S. Central Command",
            "Pentagon",
        ),
    ),
    Actor(
        "Military Forces of Russia",
        "state_forces",
        "Russia",
        ("Russian forces", "Russian troops", "Russian military", "Russian army", "Moscow"),
    ),
    Actor(
        "Military Forces of Ukraine",
        "state_forces",
        "Ukraine",
        (
            "Ukrainian forces",
            "Ukrainian troops",
            "Ukrainian military",
            "Ukraine's military",
            "Kyiv",
        ),
    ),
    Actor(
        "Military Forces of Israel",
        "state_forces",
        "Israel",
        (
            "Israeli forces",
            "Israeli military",
            "Israeli troops",
            "Israel Defense Forces",
            "IDF",
            "Israeli army",
        ),
    ),
    Actor(
        "Military Forces of Kenya",
        "state_forces",
        "Kenya",
        (
            "Kenyan forces",
            "Kenyan troops",
            "Kenya Defense Forces",
            "KDF",
            "Kenyan military",
            "Kenyan security forces",
        ),
    ),
    Actor(
        "Military Forces of Nigeria",
        "state_forces",
        "Nigeria",
        (
            "Nigerian army",
            "Nigerian military",
            "Nigerian troops",
            "Nigerian forces",
            "Nigerian security forces",
        ),
    ),
    Actor(
        "Police Forces of Haiti",
        "state_forces",
        "Haiti",
        (
            "Haitian police",
            "Haiti's police",
            "Haiti National Police",
            "Haitian National Police",
            "PNH",
        ),
    ),
    Actor(
        "Military Forces of the Central African Republic",
        "state_forces",
        "Central African Republic",
        ("Central African army", "FACA", "Central African forces"),
    ),
    Actor(
        "Military Forces of Iran",
        "state_forces",
        "Iran",
        (
            "Iranian forces",
            "Iranian military",
            "Revolutionary Guard",
            "IRGC",
            "Islamic Revolutionary Guard Corps",
        ),
    ),
    Actor(
        "Military Forces of India",
        "state_forces",
        "India",
        ("Indian army", "Indian forces", "Indian troops", "Indian military"),
    ),
    # Further armed groups and state forces of the conflicts the wires cover, under ACLED's names
    # (its actor list), with the names and acronyms the press uses for them.
    Actor(
        "TPLF: Tigray People's Liberation Front",
        "rebel_group",
        None,
        ("Tigray People's Liberation Front", "TPLF", "Tigray Defense Forces", "Tigrayan forces"),
    ),
    Actor(
        "OLA: Oromo Liberation Army",
        "rebel_group",
        None,
        ("Oromo Liberation Army", "OLA", "OLF-Shane", "Oromo Liberation Front-Shane"),
    ),
    Actor("Fano Militia", "political_militia", None, ("Fano", "Fano militia", "Fano militias")),
    Actor(
        "Military Forces of Ethiopia",
        "state_forces",
        "Ethiopia",
        ("Ethiopian National Defense Force", "Ethiopian National Defence Force", "ENDF"),
    ),
    Actor(
        "SPLM-N: Sudan People's Liberation Movement-North",
        "rebel_group",
        None,
        ("Sudan People's Liberation Movement-North", "SPLM-N"),
    ),
    Actor(
        "Military Forces of Democratic Republic of Congo",
        "state_forces",
        "Democratic Republic of Congo",
        ("FARDC", "Congolese army", "Congolese armed forces"),
    ),
    Actor(
        "FDLR: Democratic Forces for the Liberation of Rwanda",
        "rebel_group",
        None,
        ("Democratic Forces for the Liberation of Rwanda", "FDLR"),
    ),
    Actor("Wazalendo", "political_militia", None, ("Wazalendo",)),
    Actor("Mai-Mai Militia", "political_militia", None, ("Mai-Mai", "Mai Mai", "Mayi-Mayi")),
    Actor(
        "Islamic State Mozambique",
        "rebel_group",
        None,
        ("Islamic State Mozambique", "Islamic State Mozambique Province", "Ansar al-Sunna"),
    ),
    Actor(
        "Military Forces of Mali",
        "state_forces",
        "Mali",
        ("Malian Armed Forces", "FAMa", "Malian army", "Malian soldiers"),
    ),
    Actor(
        "FLA: Azawad Liberation Front",
        "rebel_group",
        None,
        (
            "Azawad Liberation Front",
            "Front for the Liberation of Azawad",
            "CSP-DPA",
            "National Movement for the Liberation of Azawad",
            "MNLA",
            "Tuareg rebels",
        ),
    ),
    Actor(
        "VDP: Volunteers for the Defense of the Homeland",
        "political_militia",
        None,
        (
            "Volunteers for the Defense of the Homeland",
            "Volunteers for the Defence of the Homeland",
        ),
    ),
    Actor(
        "Ambazonian Separatists",
        "rebel_group",
        None,
        ("Ambazonian separatists", "Ambazonia Defence Forces", "Amba fighters", "Amba boys"),
    ),
    Actor(
        "IPOB: Indigenous People of Biafra",
        "rebel_group",
        None,
        ("Indigenous People of Biafra", "IPOB", "Eastern Security Network"),
    ),
    Actor("Lakurawa", "rebel_group", None, ("Lakurawa",)),
    Actor(
        "PMF: Popular Mobilization Forces",
        "political_militia",
        None,
        ("Popular Mobilization Forces", "Popular Mobilisation Forces", "PMF", "Hashd al-Shaabi"),
    ),
    Actor("Kataib Hezbollah", "political_militia", None, ("Kataib Hezbollah", "Kata'ib Hezbollah")),
    Actor(
        "Palestinian Islamic Jihad",
        "rebel_group",
        None,
        ("Palestinian Islamic Jihad", "Islamic Jihad", "PIJ", "Al-Quds Brigades"),
    ),
    Actor(
        "Military Forces of Syria",
        "state_forces",
        "Syria",
        ("Syrian Arab Army", "Syrian government forces", "Syrian army", "Syrian troops"),
    ),
    Actor("Syrian National Army", "rebel_group", None, ("Syrian National Army",)),
    Actor(
        "STC: Southern Transitional Council",
        "rebel_group",
        None,
        ("Southern Transitional Council", "STC"),
    ),
    Actor(
        "LNA: Libyan National Army",
        "rebel_group",
        None,
        ("Libyan National Army", "LNA", "Haftar's forces"),
    ),
    Actor(
        "Karen National Liberation Army",
        "rebel_group",
        None,
        ("Karen National Liberation Army", "KNLA", "Karen National Union", "KNU"),
    ),
    Actor(
        "ARSA: Arakan Rohingya Salvation Army",
        "rebel_group",
        None,
        ("Arakan Rohingya Salvation Army", "ARSA"),
    ),
    Actor(
        "Chin National Front",
        "rebel_group",
        None,
        ("Chin National Front", "Chinland Defense Force"),
    ),
    Actor(
        "ELN: National Liberation Army",
        "rebel_group",
        None,
        ("ELN", "National Liberation Army of Colombia"),
    ),
    Actor(
        "FARC Dissidents",
        "rebel_group",
        None,
        ("FARC dissidents", "FARC dissident", "Central General Staff", "EMC"),
    ),
    Actor("Clan del Golfo", "rebel_group", None, ("Clan del Golfo", "Gulf Clan")),
    Actor(
        "Viv Ansanm",
        "political_militia",
        None,
        ("Viv Ansanm", "Living Together gang coalition"),
    ),
    Actor("400 Mawozo", "political_militia", None, ("400 Mawozo",)),
    Actor("Gran Grif", "political_militia", None, ("Gran Grif",)),
    Actor("G9 an Fanmi", "political_militia", None, ("G9", "G9 an Fanmi", "G-9")),
    # Pakistan's further armed groups: TTP splinters and Sindhi and Baloch separatists.
    Actor(
        "Tehreek-e-Jihad Pakistan",
        "rebel_group",
        None,
        ("Tehreek-e-Jihad Pakistan", "Tehrik-e-Jihad Pakistan", "TJP"),
    ),
    Actor("Hizb-ul-Ahrar", "rebel_group", None, ("Hizb-ul-Ahrar", "Hizbul Ahrar")),
    Actor(
        "Sindhudesh Revolutionary Army",
        "rebel_group",
        None,
        ("Sindhudesh Revolutionary Army", "SRA", "Sindhudesh Liberation Army", "SDLA"),
    ),
    Actor("Baloch Republican Guards", "rebel_group", None, ("Baloch Republican Guards", "BRG")),
    Actor("Jundallah", "rebel_group", None, ("Jundallah", "Jundullah")),
    Actor(
        "Unidentified Armed Group",
        "unidentified",
        None,
        (
            "gunmen",
            "unidentified gunmen",
            "unknown gunmen",
            "armed men",
            "assailants",
            "attackers",
            "militants",
            "insurgents",
            "terrorists",
            "armed assailants",
            "masked gunmen",
            "suicide bomber",
            "bomber",
            "hijackers",
            "rebels",
            "armed groups",
            "armed group",
            "jihadists",
            "extremists",
            "bandits",
            "armed bandits",
            # Pakistani officials' word for an armed group they do not name
            "miscreants",
            "unknown miscreants",
        ),
    ),
)

# Canonical names of the non-state armed actors: groups, militias and the unidentified.
ARMED_GROUP_NAMES = frozenset(
    a.canonical
    for a in ACTORS
    if a.category in ("rebel_group", "political_militia", "unidentified")
)

# Words that, after a country or its demonym, name that state's forces ("Somali forces").
FORCE_NOUNS = (
    "forces",
    "army",
    "military",
    "troops",
    "soldiers",
    "security forces",
    "police",
    "border guards",
    "border forces",
    "air force",
    "navy",
)

# Canonical name pattern for a state's forces not listed above.
STATE_FORCES = "Military Forces of {country}"
POLICE_FORCES = "Police Forces of {country}"

# ACLED's actors of a demonstration (CROWDS), named by the country it took place in, are the first
# actor of every Protests event ("Protesters (Pakistan)"), and of Riots by a crowd.
# The words of a free-text name for each ("protesters (Pakistan)", "demonstrators (Iraq)").
CROWD_NOUNS = {
    "protesters": ("protesters", "protestors", "demonstrators", "marchers"),
    "rioters": ("rioters", "mob"),
}
# Words that tell of each kind of crowd in a story: where a crowd candidate stands (regexes).
# (Not the month March, not riot police.)
CROWD_WORDS = {
    "protesters": r"\b(?:protest\w*|demonstrat\w*|sit-ins?|rall(?:y|ies)|(?-i:march(?:es|ed|ers)?))\b",
    "rioters": r"\b(?:riot(?:s|ers?|ing|ed)?(?!\s+(?:police|control|squads?|gear))|mobs?|lynch\w*"
    r"|torched|set fire|set ablaze|ransacked|looted|hurled stones|threw stones|stone[- ]pelting)\b",
}

# A movement's regional branches: the one a report means when it names the movement alone ("the
# Islamic State claimed it") for an act in that country. Islamic State's provinces as they name
# themselves (Khorasan for Afghanistan since 2015, Pakistan since 2019). A branch needs no actor of
# its own: text that names it is matched as the movement ("Islamic State Pakistan Province").
BRANCHES: dict[str, dict[str, str]] = {
    "Islamic State": {"Afghanistan": "ISKP", "Pakistan": "IS-Pakistan"},
}
