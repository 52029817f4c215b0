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
