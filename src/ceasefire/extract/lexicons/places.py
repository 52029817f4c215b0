"""Place lexicons (data): words that are never places, people's names, demonyms, country names.

``STOP_FORMS`` and ``PERSON_NAMES`` keep ordinary words and given names out of the surface forms the
place matcher scans for. The build script already drops towns outside Afghanistan and Pakistan whose
name is a lower-case English dictionary word; these lists catch what that leaves. ``COUNTRY_NAMES``
maps GeoNames' country names to the short English names that news and ACLED use.
"""

from __future__ import annotations

# Compared after folding (lower case, no diacritics, punctuation as spaces).
_STOP_WORDS = """
    a an and as at be by do go he if in is it me my no of on or so to up us we
    all any are but can did few for had has her him his how its man may men new not now one our out
    own per she the too two was who why yes you
    about above after again also among asia being below between both bring called cannot center
    central chamber city close coast court day days down during each east eastern else even ever
    every far first four from front gate good great group guard hall head here high hill home
    house into just killed last late left like little long main many march market mobile more most
    much must near never next north northern once only open other over party people place plain
    point police post power road round same say second seven several since six some south
    southern state still such take ten than that their them then there these they third this
    those three through time today town under union unity upper lower valley very village wall
    war water well were west western what when where which while white will with within world
    year years
    afghan afghans pakistani pakistanis taliban ttp isis islamic state army military mosque
    border crossing district province agency tribal frontier capital sharif bazaar camp
    airport university hospital school station bridge dam river lake canal sector zone
    tank hub
"""
STOP_FORMS: frozenset[str] = frozenset(_STOP_WORDS.split())

# Given names and family names common in the news of the region and beyond: a town abroad with one
# of these names is far more likely a person. Places in Afghanistan and Pakistan are not affected.
_GIVEN_AND_FAMILY_NAMES = """
    abbas abdullah adam ahmad ahmed akbar akhtar ali amin amir anwar arif ashraf asif aslam aziz
    babar baig bashir bilal dawood faisal farooq fazal ghani habib hafiz haider hamid hamza hasan
    hassan haq hussain hussein ibrahim ijaz ilyas imran iqbal ishaq ismail jalal jamal javed kamal
    karim karzai khalid khalil khan latif mahmood mahmoud majid malik mansoor masood mehmood mirza
    mohammad mohammed muhammad mujahid munir musa mustafa nasir nawaz noor omar osman qadir qasim
    rahim rahman rashid raza rehman saeed saleem salim shah shahid sharif sultan tahir tariq umar
    usman wali yousaf yusuf zafar zahir zaman zia
    adams alexander allen anderson arthur austin baker barry bell bennett brown bruce carter
    charles charlotte clark clinton cooper david davis douglas edward elizabeth evans florence
    francis franklin george grant hamilton harris harrison henry howard hudson hughes jackson james
    jefferson john johnson jordan joseph kelly kennedy lincoln louis madison marion martin mary
    miller milton mitchell monroe morgan morris murray nelson paul perry peter phillips richard
    roberts robinson russell scott stanley stewart taylor thomas victoria walker warren washington
    wilson winston wright young
"""
PERSON_NAMES: frozenset[str] = frozenset(_GIVEN_AND_FAMILY_NAMES.split())

# The generic words that end the names of Pashtun and Punjabi settlements and clans, written as a
# word of their own: "Khel" (clan), "Kalay", "Kili" (village), "Kot", "Garhi" (fort), "Dheri"
# (mound), "Banda" (hamlet). A known name right before one is the first word of another place's
# name ("Ghazni Khel" in Lakki Marwat is not Ghazni), compared after folding.
SETTLEMENT_ENDINGS: frozenset[str] = frozenset(
    ("khel", "khail", "kalay", "kalai", "kaley", "kelay", "killi", "kili", "kot", "garhi", "dheri",
     "banda")
)  # fmt: skip

# GeoNames country name -> the short English name used in news and by ACLED.
COUNTRY_NAMES: dict[str, str] = {
    "Democratic Republic of the Congo": "Democratic Republic of Congo",
    "Republic of the Congo": "Republic of Congo",
    "Palestinian Territory": "Palestine",
    "The Netherlands": "Netherlands",
    "Timor Leste": "East Timor",
    "Eswatini": "eSwatini",
    "Czechia": "Czech Republic",
    "Cabo Verde": "Cape Verde",
    "Macao": "Macau",
    "Bonaire, Saint Eustatius and Saba ": "Caribbean Netherlands",
}

# Countries that no longer exist and should not be matched.
OBSOLETE_COUNTRIES: frozenset[str] = frozenset({"Serbia and Montenegro", "Netherlands Antilles"})

# Other names of countries, as written in English news.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "Afghanistan": ("Islamic Emirate of Afghanistan", "Islamic Republic of Afghanistan"),
    "Pakistan": ("Islamic Republic of Pakistan",),
    "Democratic Republic of Congo": (
        "DRC",
        "DR Congo",
        "Congo-Kinshasa",
        "Democratic Republic of the Congo",
    ),
    "Republic of Congo": ("Congo-Brazzaville", "Republic of the Congo"),
    "Myanmar": ("Burma",),
    "United Arab Emirates": ("UAE",),
    "United States": ("USA", "U.S.", "U.S.A.", "United States of America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "Ivory Coast": ("Côte d'Ivoire", "Cote d'Ivoire"),
    "Netherlands": ("Holland",),
    "East Timor": ("Timor-Leste",),
    "eSwatini": ("Swaziland",),
    "Czech Republic": ("Czechia",),
    "Turkey": ("Türkiye", "Turkiye"),
    "Palestine": ("Palestinian Territories", "Occupied Palestinian Territory"),
    "North Macedonia": ("Macedonia",),
    "South Korea": ("Republic of Korea",),
    "North Korea": ("DPRK",),
    "Russia": ("Russian Federation",),
    "Syria": ("Syrian Arab Republic",),
    "Iran": ("Islamic Republic of Iran",),
}

# Adjective or people -> country, for about eighty countries often in the news.
DEMONYMS: dict[str, str] = {
    "Afghan": "Afghanistan",
    "Pakistani": "Pakistan",
    "Iranian": "Iran",
    "Indian": "India",
    "Chinese": "China",
    "Tajik": "Tajikistan",
    "Tajikistani": "Tajikistan",
    "Uzbek": "Uzbekistan",
    "Uzbekistani": "Uzbekistan",
    "Turkmen": "Turkmenistan",
    "Kazakh": "Kazakhstan",
    "Kyrgyz": "Kyrgyzstan",
    "Russian": "Russia",
    "Ukrainian": "Ukraine",
    "Belarusian": "Belarus",
    "Georgian": "Georgia",
    "Armenian": "Armenia",
    "Azerbaijani": "Azerbaijan",
    "Azeri": "Azerbaijan",
    "Turkish": "Turkey",
    "Syrian": "Syria",
    "Iraqi": "Iraq",
    "Lebanese": "Lebanon",
    "Israeli": "Israel",
    "Palestinian": "Palestine",
    "Jordanian": "Jordan",
    "Saudi": "Saudi Arabia",
    "Yemeni": "Yemen",
    "Omani": "Oman",
    "Emirati": "United Arab Emirates",
    "Qatari": "Qatar",
    "Kuwaiti": "Kuwait",
    "Bahraini": "Bahrain",
    "Egyptian": "Egypt",
    "Libyan": "Libya",
    "Tunisian": "Tunisia",
    "Algerian": "Algeria",
    "Moroccan": "Morocco",
    "Sudanese": "Sudan",
    "South Sudanese": "South Sudan",
    "Ethiopian": "Ethiopia",
    "Eritrean": "Eritrea",
    "Somali": "Somalia",
    "Somalian": "Somalia",
    "Djiboutian": "Djibouti",
    "Kenyan": "Kenya",
    "Ugandan": "Uganda",
    "Tanzanian": "Tanzania",
    "Rwandan": "Rwanda",
    "Burundian": "Burundi",
    "Congolese": "Democratic Republic of Congo",
    "Central African": "Central African Republic",
    "Chadian": "Chad",
    "Nigerien": "Niger",
    "Nigerian": "Nigeria",
    "Malian": "Mali",
    "Burkinabe": "Burkina Faso",
    "Cameroonian": "Cameroon",
    "Mozambican": "Mozambique",
    "South African": "South Africa",
    "Bangladeshi": "Bangladesh",
    "Nepali": "Nepal",
    "Nepalese": "Nepal",
    "Sri Lankan": "Sri Lanka",
    "Burmese": "Myanmar",
    "Thai": "Thailand",
    "Filipino": "Philippines",
    "Indonesian": "Indonesia",
    "Malaysian": "Malaysia",
    "Japanese": "Japan",
    "South Korean": "South Korea",
    "North Korean": "North Korea",
    "American": "United States",
    "Canadian": "Canada",
    "Mexican": "Mexico",
    "Colombian": "Colombia",
    "Venezuelan": "Venezuela",
    "Brazilian": "Brazil",
    "Haitian": "Haiti",
    "British": "United Kingdom",
    "French": "France",
    "German": "Germany",
    "Italian": "Italy",
    "Spanish": "Spain",
    "Polish": "Poland",
    "Dutch": "Netherlands",
    "Norwegian": "Norway",
    "Swedish": "Sweden",
    "Swiss": "Switzerland",
    "Serbian": "Serbia",
    "Kosovar": "Kosovo",
    "Bosnian": "Bosnia and Herzegovina",
    "Moldovan": "Moldova",
    "Australian": "Australia",
}

# Words that make an admin1 name generic: a name made only of these and of common English words
# ("Centre", "North-West", "Far North", "Distrito Federal", "Red Sea") is kept for lookups but is not
# a surface form to scan text for. The last line: regions wider than the province named after them.
ADMIN1_GENERIC_WORDS: frozenset[str] = frozenset(
    [
        "centre",
        "center",
        "central",
        "centro",
        "centrale",
        "centrum",
        "nord",
        "sud",
        "est",
        "ouest",
        "norte",
        "sur",
        "este",
        "oeste",
        "leste",
        "sul",
        "noroeste",
        "nordeste",
        "sudeste",
        "suroeste",
        "sudoeste",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
        "middle",
        "far",
        "greater",
        "inner",
        "outer",
        "high",
        "haut",
        "haute",
        "bas",
        "basse",
        "grand",
        "grande",
        "capital",
        "federal",
        "distrito",
        "district",
        "region",
        "regional",
        "province",
        "provincial",
        "state",
        "territory",
        "department",
        "departement",
        "prefecture",
        "county",
        "municipality",
        "city",
        "metropolitan",
        "autonomous",
        "special",
        "occidental",
        "oriental",
        "littoral",
        "maritime",
        "interior",
        "insular",
        "island",
        "islands",
        "coast",
        "coastal",
        "la",
        "le",
        "les",
        "de",
        "del",
        "du",
        "des",
        "da",
        "do",
        "dos",
        "das",
        "of",
        "the",
        "and",
        "et",
        "y",
        "sahel",
        "kurdistan",
        "equatoria",
        "darfur",
        "kashmir",
    ]
)

# GeoNames admin1 code -> the English name used by ACLED and in the news, where the name chosen
# from GeoNames' own name and alternate names is a local or ISO spelling.
ADMIN1_NAMES: dict[str, str] = {
    "SO.07": "Hiraan",
    "SO.13": "Middle Shabelle",
    "SO.14": "Lower Shabelle",
    "SO.09": "Lower Juba",
    "SO.08": "Middle Juba",
    "SO.05": "Galgaduud",
    "SY.08": "Rural Damascus",
    "SY.07": "Deir ez-Zor",
    "SY.05": "Sweida",
    "SY.01": "Hasakah",
    "SY.14": "Tartus",
    "IQ.15": "Nineveh",
    "IQ.18": "Salah al-Din",
    "IQ.09": "Dhi Qar",
    "IQ.04": "Qadisiyah",
    "YE.16": "Sanaa",
    "YE.26": "Amanat al Asimah",
    "YE.15": "Saada",
    "YE.25": "Taiz",
    "YE.04": "Hadramawt",
    "YE.28": "Socotra",
    "YE.19": "Amran",
    "YE.18": "Al Dhale",
    "YE.08": "Al Hudaydah",
    "YE.02": "Aden",
    "LY.69": "Benghazi",
    "LY.77": "Tripoli",
    "LY.72": "Misrata",
    "LY.70": "Derna",
    "LY.75": "Sabha",
    "LY.76": "Sirte",
    "CD.11": "North Kivu",
    "CD.12": "South Kivu",
    "CD.04": "Kasai-Oriental",
    "CD.23": "Kasai-Central",
    "CD.18": "Kasai",
    "CD.02": "Equateur",
    "CD.16": "Haut-Uele",
    "CD.13": "Bas-Uele",
    "CM.12": "Far North",
    "CM.10": "Adamawa",
    "NG.11": "Federal Capital Territory",
    "ML.08": "Timbuktu",
    "ML.05": "Segou",
    "UA.11": "Crimea",
    "SD.39": "Gedaref",
    "SY.10": "Hama",
    "IQ.17": "Najaf",
    "ET.52": "Somali",
    "ET.47": "Benishangul-Gumuz",
    "ET.49": "Gambela",
    "LB.04": "Beirut",
    "LB.05": "Mount Lebanon",
    "LB.06": "South Lebanon",
    "LB.07": "Nabatieh",
    "LB.08": "Bekaa",
    "LB.09": "North Lebanon",
    "LB.10": "Akkar",
    "LB.11": "Baalbek-Hermel",
    "IL.01": "HaDarom",
    "IL.02": "HaMerkaz",
    "IL.03": "HaZafon",
    "IL.04": "Haifa",
    "IL.05": "Tel Aviv",
    "IL.06": "Jerusalem",
    "ET.44": "Addis Ababa",
    "HT.07": "Centre",
    "HT.09": "Nord",
    "HT.11": "Ouest",
    "HT.12": "Sud",
    "HT.14": "Grand'Anse",
    "MZ.02": "Gaza Province",  # "Gaza" in the news is Gaza City (Palestine)
}

# GeoNames admin1 code -> other spellings in ACLED and the news.
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {
    "SO.07": ("Hiiraan", "Hiran"),
    "SO.13": ("Shabeellaha Dhexe", "Middle Shabeelle", "Middle Shabele"),
    "SO.14": ("Shabeellaha Hoose", "Lower Shabeelle", "Lower Shabele"),
    "SO.05": ("Galguduud", "Galgadud"),
    "SO.02": ("Banadir", "Benadir"),
    "SY.12": ("Idleb",),
    "SY.02": ("Lattakia", "Latakia Governorate"),
    "SY.04": ("Ar-Raqqa", "Raqqah"),
    "SY.07": ("Deir-ez-Zor", "Deir ez Zor", "Deir Ezzor", "Dayr az Zawr"),
    "SY.05": ("As-Sweida", "Suwayda", "As Suwayda"),
    "SY.01": ("Al-Hasakeh", "Hasakeh", "Al Hasakah", "Hasaka"),
    "SY.06": ("Dar'a", "Deraa"),
    "SY.14": ("Tartous",),
    "IQ.01": ("Al Anbar", "Al-Anbar"),
    "IQ.15": ("Ninewa", "Ninawa"),
    "IQ.18": ("Salahuddin", "Salah ad Din", "Saladin"),
    "IQ.09": ("Thi-Qar", "Thi Qar"),
    "IQ.02": ("Basrah",),
    "IQ.16": ("Wassit",),
    "IQ.04": ("Qadissiya", "Al-Qadisiyah"),
    "YE.04": ("Hadramaut", "Hadhramaut", "Hadramout"),
    "YE.08": ("Hodeidah", "Hudaydah"),
    "YE.02": ("Adan",),
    "YE.14": ("Marib",),
    "LY.72": ("Misratah", "Misurata"),
    "CD.04": ("Kasai Oriental", "East Kasai"),
    "CD.23": ("Kasai Central",),
    "ET.46": ("Amara",),
    "ET.53": ("Tigrai",),
    "UA.11": ("Autonomous Republic of Crimea",),
    "MM.01": ("Arakan",),
    "ET.52": ("Somali Region", "Somali Regional State"),
    "ET.47": ("Benshangul/Gumuz", "Benishangul Gumuz"),
    "IL.01": ("Southern District",),
    "IL.02": ("Central District",),
    "IL.03": ("Northern District",),
    "IL.04": ("Haifa District",),
    "IL.05": ("Tel Aviv District",),
    "IL.06": ("Jerusalem District",),
    "SY.10": ("Hamah",),
    "IQ.17": ("An Najaf",),
}

# Letters that Unicode does not decompose, as written in English ("Diyarbakır", "Łódź", "Ørsta").
FOLD_LETTERS: dict[int, str] = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t", "ə": "a", "Ə": "A",
     "‘": "", "ʿ": "", "ʾ": "", "ʼ": "'", "ʻ": "'", "’": "'"}
)  # fmt: skip
