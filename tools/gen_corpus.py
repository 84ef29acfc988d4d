#!/usr/bin/env python3
"""Generate a synthetic, news-like English corpus for sitrep's speed benchmark.

Every sentence is composed here from templates and word lists written for this
script; no text is copied from any news site or corpus. Person names are
invented (built from syllables); countries and cities are real place names.
The output is deterministic for a given --seed (Python's `random.Random`).

    python3 tools/gen_corpus.py --mb 60 --seed 1 > bench/corpus/news60.jsonl
    python3 tools/gen_corpus.py --single-line-mb 10 --seed 1 > bench/corpus/single10.jsonl
    python3 tools/gen_corpus.py --single-line-mb 10 --format text > single10.txt

JSONL mode writes one article per line: {"id","title","published","text"}.
"MB" is 1,000,000 bytes of UTF-8 text in the `text` fields (not of JSON).
Each article is 2-6 KB: a headline line, a dateline with the lede, then
paragraphs separated by "\n" (quotes, reported speech, denials, numbers,
dates, pronouns, people with titles, organisations, countries, cities).

--single-line-mb N writes ONE article whose text is N MB with no newline at all
(paragraphs of many stories joined by spaces), for the linear-time check;
--format text writes that text alone as a plain-text file instead of JSONL.
"""

import argparse
import datetime
import json
import random
import re
import sys

MB = 1_000_000

# --------------------------------------------------------------------------
# Invented person names: syllable tables per naming style.
# --------------------------------------------------------------------------
STYLES = {
    "slavic": dict(
        g1=["Vol", "Mir", "Bor", "Sta", "Ye", "Ol", "Dra", "Zor", "Lu", "Ra", "Vla", "Ta",
            "Da", "Ni", "Bo", "Sve", "Yar", "Ki", "Mi", "Ve"],
        g2=["dy", "sla", "ri", "le", "ni", "ro", "mi", "va", "ko", "te", "za", ""],
        gm=["mir", "slav", "dan", "rek", "vo", "lan", "mil", "ro", "tan", "sim"],
        gf=["na", "ya", "ra", "lena", "mila", "sia", "vna", "ka", "tya", "nka"],
        s1=["Kor", "Vas", "Bel", "Dro", "Mak", "Pol", "Zar", "Lev", "Ost", "Kra", "Hry",
            "Tka", "Sem", "Ryb", "Pav", "Sok", "Hor", "Len", "Bur", "Dub"],
        s2=["chen", "ni", "ra", "za", "len", "do", "ma", "ri", "to", "ve", ""],
        s3=["ko", "enko", "ov", "ski", "uk", "ich", "yak", "in", "ets", "ar"],
    ),
    "romance": dict(
        g1=["Al", "Ma", "Lo", "Ro", "Fe", "Cla", "Lu", "Ga", "Vi", "Se", "Ju", "Do", "Be",
            "Ta", "Ri", "Cel", "Ama", "Eu", "Fa", "Pi"],
        g2=["ber", "ri", "ren", "la", "do", "ve", "sa", "ta", "mi", "lis", ""],
        gm=["to", "no", "ro", "go", "el", "ando", "io", "iel", "uel", "en"],
        gf=["a", "ia", "ina", "ela", "ita", "ana", "isa", "ora", "ene", "ara"],
        s1=["Ver", "Cas", "Mon", "Bel", "Pra", "Sal", "Ton", "Fer", "Gal", "Lu", "Var",
            "Dan", "Or", "Qui", "Mar", "Ros", "Cal", "Ben", "Tor", "Ald"],
        s2=["te", "ri", "ve", "ca", "no", "lo", "ma", "ran", "di", "ga", ""],
        s3=["lli", "ra", "do", "ez", "ini", "es", "ot", "ano", "etti", "eira"],
    ),
    "germanic": dict(
        g1=["Hen", "Lie", "Ma", "Jo", "Fre", "Ger", "Ul", "Wil", "Ing", "Kat", "Ber", "Sig",
            "Ar", "El", "Ha", "Ru", "Ans", "Tor", "Ste", "Mar"],
        g2=["ri", "de", "ne", "ken", "ber", "ta", "le", "", "", "li"],
        gm=["rik", "mar", "old", "bert", "win", "mund", "nas", "lof", "ger", "hard"],
        gf=["ke", "trud", "ild", "a", "run", "linde", "rid", "je", "na", "ine"],
        s1=["Hal", "Brun", "Ver", "Eck", "Lind", "Wester", "Kol", "Hau", "Sten", "Dahl",
            "Berg", "Roth", "Falk", "Mol", "Ost", "Haa", "Kess", "Lang", "Vos", "Bran"],
        s2=["ver", "en", "de", "ma", "", "", "ter", "ke"],
        s3=["sen", "mann", "berg", "haal", "holm", "dorf", "strom", "ling", "aar", "ert"],
    ),
    "anglo": dict(
        g1=["Bren", "Cal", "Dar", "Ev", "Gar", "Jor", "Kel", "Lor", "Mar", "Nor", "Ros",
            "Tam", "Wes", "Ash", "Del", "Har", "Mer", "Shel", "Tre", "Quin"],
        g2=["", "", "e", "i", "a"],
        gm=["den", "ton", "ric", "vin", "son", "ley", "ett", "ford", "an", "rick"],
        gf=["lyn", "ey", "ice", "anne", "a", "elle", "ie", "ina", "wen", "ette"],
        s1=["Whit", "Ash", "Brad", "Cald", "Fen", "Hol", "Kings", "Marl", "Pres", "Rad",
            "Stan", "Thorn", "Wick", "Gar", "Hart", "Lock", "Pen", "Crom", "Dun", "Ell"],
        s2=["", "", "er", "ing", "a"],
        s3=["worth", "ley", "ton", "by", "field", "wood", "ridge", "ham", "more", "well"],
    ),
    "arabic": dict(
        g1=["Ha", "Ka", "Sa", "Na", "Ra", "Fa", "Ja", "Ma", "Ta", "Wa", "Ba", "Za", "Ya",
            "La", "Da", "Ghas", "Kha", "Nu", "Su", "Ri"],
        g2=["mi", "li", "si", "ri", "hi", "bi", "zi", "ni", "di", "shi"],
        gm=["d", "m", "r", "f", "l", "b", "q", "n", "k", "z"],
        gf=["a", "ya", "ra", "la", "na", "ha", "ma", "da", "sa", "ba"],
        s1=["al-Ha", "al-Sa", "al-Ra", "al-Ka", "al-Ma", "al-Na", "al-Ta", "al-Ja", "al-Qa",
            "al-Za", "Ha", "Sa", "Ma", "Na", "Ba", "Ka", "Da", "Fa", "Ra", "Ta"],
        s2=["mi", "ri", "sh", "bb", "ll", "kh", "zz", "dd", "ss", "tt"],
        s3=["i", "ari", "ani", "awi", "ar", "oud", "an", "im", "ami", "ir"],
    ),
    "african": dict(
        g1=["A", "O", "Ku", "Ba", "Ta", "Nko", "Chi", "E", "Ade", "Wa", "Mu", "Ke", "Zu",
            "Fo", "Sa", "Lo", "Ma", "Ji", "Ngo", "Ama"],
        g2=["ku", "ba", "de", "yo", "le", "na", "mi", "si", "ri", "we"],
        gm=["mi", "la", "wo", "si", "bo", "tu", "ke", "du", "ro", "fo"],
        gf=["ma", "nya", "ke", "la", "ra", "ta", "yo", "sa", "mi", "na"],
        s1=["O", "A", "Ba", "Ki", "Mwa", "Nda", "Tu", "Ka", "Ogu", "Da", "Se", "Ke", "Ama",
            "Ba", "Dia", "Kou", "Mbe", "Ny", "Owu", "Sa"],
        s2=["ko", "ri", "nye", "la", "ba", "du", "ye", "mo", "ge", "si"],
        s3=["ye", "nde", "ma", "ke", "lo", "wa", "ru", "go", "bi", "ra"],
    ),
    "southasian": dict(
        g1=["Ra", "Vi", "Su", "Pra", "A", "Ka", "Ni", "De", "Ma", "Har", "Shi", "Ar", "Ja",
            "Pa", "In", "Sa", "Ta", "Ro", "Bha", "Mee"],
        g2=["j", "sh", "n", "v", "m", "d", "l", "r", "k", "t"],
        gm=["esh", "an", "ay", "it", "ul", "ant", "iv", "am", "in", "ath"],
        gf=["a", "ita", "ika", "ini", "ya", "ana", "eeta", "ali", "ima", "u"],
        s1=["Cha", "Ma", "Ra", "Sri", "Ku", "Ba", "Ji", "Da", "Na", "Pa", "Ve", "Go", "Sha",
            "Me", "Ka", "Bo", "Hu", "Sa", "Ta", "Ve"],
        s2=["tur", "lho", "ndr", "sha", "ri", "ne", "va", "mu", "ga", "di"],
        s3=["vedi", "tra", "an", "ni", "kar", "jee", "ri", "ain", "pal", "war"],
    ),
    "eastasian": dict(
        g1=["Li", "Wei", "Jun", "Xiao", "Hai", "Ming", "Yu", "Zhen", "Hong", "Qing",
            "Lan", "Bo", "Tao", "Jia", "Rui", "Song", "Hao", "Yan", "Fei", "Kai"],
        g2=["", ""],
        gm=["long", "feng", "gang", "jie", "hui", "ping", "bin", "tao", "wen", "lin"],
        gf=["mei", "ying", "na", "xia", "li", "yan", "fang", "jing", "lan", "qin"],
        s1=["Zh", "W", "L", "Ch", "G", "S", "X", "H", "T", "Y", "F", "D", "Q", "M", "P",
            "R", "K", "B", "N", "J"],
        s2=["a", "e", "u", "o", "ia", "ua", "ao", "ei", "ou", "i"],
        s3=["ng", "n", "", "", "ng", "n", "", "", "", ""],
    ),
}

# name, demonym, capital, other cities, naming style
COUNTRIES = [
    ("Ukraine", "Ukrainian", "Kyiv", ["Kharkiv", "Odesa", "Lviv", "Dnipro", "Zaporizhzhia"], "slavic"),
    ("Poland", "Polish", "Warsaw", ["Krakow", "Gdansk", "Wroclaw", "Lublin"], "slavic"),
    ("Russia", "Russian", "Moscow", ["St. Petersburg", "Kazan", "Belgorod", "Rostov-on-Don"], "slavic"),
    ("Serbia", "Serbian", "Belgrade", ["Novi Sad", "Nis", "Kragujevac"], "slavic"),
    ("Georgia", "Georgian", "Tbilisi", ["Batumi", "Kutaisi"], "slavic"),
    ("France", "French", "Paris", ["Marseille", "Lyon", "Toulouse", "Lille"], "romance"),
    ("Italy", "Italian", "Rome", ["Milan", "Naples", "Turin", "Palermo"], "romance"),
    ("Spain", "Spanish", "Madrid", ["Barcelona", "Valencia", "Seville", "Bilbao"], "romance"),
    ("Brazil", "Brazilian", "Brasília", ["São Paulo", "Rio de Janeiro", "Recife", "Manaus"], "romance"),
    ("Mexico", "Mexican", "Mexico City", ["Guadalajara", "Monterrey", "Tijuana", "Culiacán"], "romance"),
    ("Colombia", "Colombian", "Bogotá", ["Medellín", "Cali", "Cúcuta"], "romance"),
    ("Argentina", "Argentine", "Buenos Aires", ["Córdoba", "Rosario", "Mendoza"], "romance"),
    ("Venezuela", "Venezuelan", "Caracas", ["Maracaibo", "Valencia", "Barquisimeto"], "romance"),
    ("Germany", "German", "Berlin", ["Hamburg", "Munich", "Cologne", "Frankfurt"], "germanic"),
    ("the Netherlands", "Dutch", "Amsterdam", ["Rotterdam", "The Hague", "Utrecht"], "germanic"),
    ("Sweden", "Swedish", "Stockholm", ["Gothenburg", "Malmö", "Uppsala"], "germanic"),
    ("Norway", "Norwegian", "Oslo", ["Bergen", "Trondheim", "Tromsø"], "germanic"),
    ("Austria", "Austrian", "Vienna", ["Graz", "Salzburg", "Linz"], "germanic"),
    ("Britain", "British", "London", ["Manchester", "Birmingham", "Glasgow", "Belfast"], "anglo"),
    ("the United States", "American", "Washington", ["New York", "Chicago", "Houston", "El Paso"], "anglo"),
    ("Canada", "Canadian", "Ottawa", ["Toronto", "Montreal", "Vancouver", "Calgary"], "anglo"),
    ("Australia", "Australian", "Canberra", ["Sydney", "Melbourne", "Perth", "Darwin"], "anglo"),
    ("Ireland", "Irish", "Dublin", ["Cork", "Galway", "Limerick"], "anglo"),
    ("Egypt", "Egyptian", "Cairo", ["Alexandria", "Port Said", "Aswan"], "arabic"),
    ("Jordan", "Jordanian", "Amman", ["Zarqa", "Irbid", "Aqaba"], "arabic"),
    ("Lebanon", "Lebanese", "Beirut", ["Tripoli", "Sidon", "Tyre"], "arabic"),
    ("Iraq", "Iraqi", "Baghdad", ["Basra", "Mosul", "Erbil", "Kirkuk"], "arabic"),
    ("Syria", "Syrian", "Damascus", ["Aleppo", "Homs", "Idlib", "Deir ez-Zor"], "arabic"),
    ("Saudi Arabia", "Saudi", "Riyadh", ["Jeddah", "Dammam", "Mecca"], "arabic"),
    ("Morocco", "Moroccan", "Rabat", ["Casablanca", "Marrakesh", "Tangier"], "arabic"),
    ("Tunisia", "Tunisian", "Tunis", ["Sfax", "Sousse", "Gabès"], "arabic"),
    ("Libya", "Libyan", "Tripoli", ["Benghazi", "Misrata", "Sirte"], "arabic"),
    ("Sudan", "Sudanese", "Khartoum", ["Port Sudan", "El Fasher", "Omdurman"], "arabic"),
    ("Yemen", "Yemeni", "Sanaa", ["Aden", "Hodeidah", "Marib"], "arabic"),
    ("Nigeria", "Nigerian", "Abuja", ["Lagos", "Kano", "Ibadan", "Maiduguri"], "african"),
    ("Ghana", "Ghanaian", "Accra", ["Kumasi", "Tamale", "Takoradi"], "african"),
    ("Senegal", "Senegalese", "Dakar", ["Thiès", "Saint-Louis", "Ziguinchor"], "african"),
    ("Mali", "Malian", "Bamako", ["Timbuktu", "Gao", "Mopti", "Kidal"], "african"),
    ("Kenya", "Kenyan", "Nairobi", ["Mombasa", "Kisumu", "Eldoret"], "african"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", ["Mekelle", "Gondar", "Bahir Dar"], "african"),
    ("Somalia", "Somali", "Mogadishu", ["Kismayo", "Baidoa", "Hargeisa"], "african"),
    ("the Democratic Republic of Congo", "Congolese", "Kinshasa", ["Goma", "Bukavu", "Lubumbashi"], "african"),
    ("South Africa", "South African", "Pretoria", ["Johannesburg", "Cape Town", "Durban"], "african"),
    ("India", "Indian", "New Delhi", ["Mumbai", "Kolkata", "Chennai", "Srinagar"], "southasian"),
    ("Pakistan", "Pakistani", "Islamabad", ["Karachi", "Lahore", "Peshawar", "Quetta"], "southasian"),
    ("Bangladesh", "Bangladeshi", "Dhaka", ["Chittagong", "Khulna", "Sylhet"], "southasian"),
    ("Sri Lanka", "Sri Lankan", "Colombo", ["Kandy", "Jaffna", "Galle"], "southasian"),
    ("Nepal", "Nepali", "Kathmandu", ["Pokhara", "Biratnagar"], "southasian"),
    ("China", "Chinese", "Beijing", ["Shanghai", "Guangzhou", "Wuhan", "Shenzhen"], "eastasian"),
    ("Taiwan", "Taiwanese", "Taipei", ["Kaohsiung", "Taichung"], "eastasian"),
    ("Vietnam", "Vietnamese", "Hanoi", ["Ho Chi Minh City", "Da Nang", "Hai Phong"], "eastasian"),
    ("Singapore", "Singaporean", "Singapore", [], "eastasian"),
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTHS_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
             "Oct.", "Nov.", "Dec."]

INTL_ORGS = [
    ("the United Nations", "the UN"), ("the European Union", "the EU"),
    ("the African Union", "the AU"), ("the World Bank", "the bank"),
    ("the International Monetary Fund", "the IMF"), ("NATO", "the alliance"),
    ("the World Health Organization", "the WHO"), ("the International Committee of the Red Cross", "the ICRC"),
    ("the Arab League", "the league"), ("the Organization of American States", "the OAS"),
    ("the International Criminal Court", "the court"), ("the UN refugee agency", "the agency"),
    ("the World Food Programme", "the WFP"), ("Amnesty International", "Amnesty"),
    ("Human Rights Watch", "the group"), ("Doctors Without Borders", "the charity"),
    ("the Economic Community of West African States", "ECOWAS"),
    ("the Association of Southeast Asian Nations", "ASEAN"),
]

# Invented groups, parties, companies, institutes (templates; {X}=demonym, {C}=city).
GROUP_TEMPLATES = [
    ("the {Adj} {Noun} Front", "the front"), ("the {Adj} Liberation Army", "the group"),
    ("the {Adj} {Noun} Movement", "the movement"), ("the {Adj} {Noun} Alliance", "the alliance"),
    ("the {C} Brigade", "the brigade"), ("the {Adj} Defence Forces", "the militia"),
]
PARTY_TEMPLATES = [
    ("the {Adj} {Noun} Party", "the party"), ("the Party of {Noun2}", "the party"),
    ("the {Adj} Democratic Union", "the union"), ("the {Noun2} and {Noun3} Party", "the party"),
    ("the {X} Congress", "the congress"), ("the {Adj} Bloc", "the bloc"),
]
COMPANY_TEMPLATES = [
    ("{S} Energy", "the company"), ("{S} Holdings", "the group"), ("{S} & {S2} Mining", "the miner"),
    ("{S} Logistics", "the company"), ("the {C} Grain Cooperative", "the cooperative"),
    ("{S} Pharmaceuticals", "the drugmaker"), ("{S}tel", "the operator"), ("{X} National Railways", "the railway"),
    ("{S} Capital", "the fund"), ("{S} Shipping Lines", "the shipper"),
]
INSTITUTE_TEMPLATES = [
    ("the {S} Institute", "the institute"), ("the {C} Centre for Strategic Studies", "the centre"),
    ("the University of {C}", "the university"), ("{S} Analytics", "the consultancy"),
    ("the {X} Council on Foreign Affairs", "the council"), ("the {S} Foundation", "the foundation"),
]
G_ADJ = ["National", "Popular", "Northern", "Southern", "Eastern", "Western", "United",
         "Free", "Revolutionary", "Patriotic", "Democratic", "Republican", "Progressive",
         "Coastal", "Highland", "New"]
G_NOUN = ["Salvation", "Unity", "Resistance", "Renewal", "Justice", "Dignity", "Freedom",
          "Reform", "Progress", "Solidarity", "Future", "Sovereignty"]

# Titles: (pre-name title, role noun used in apposition/backreference, topic tags)
GOV_TITLES = [
    ("President", "the president", "president of {Country}"),
    ("Prime Minister", "the prime minister", "prime minister of {Country}"),
    ("Foreign Minister", "the minister", "{X} foreign minister"),
    ("Defence Minister", "the minister", "{X} defence minister"),
    ("Interior Minister", "the minister", "{X} interior minister"),
    ("Finance Minister", "the minister", "{X} finance minister"),
    ("Health Minister", "the minister", "{X} health minister"),
    ("Justice Minister", "the minister", "{X} justice minister"),
    ("Energy Minister", "the minister", "{X} energy minister"),
    ("Deputy Foreign Minister", "the deputy minister", "{X} deputy foreign minister"),
    ("Vice President", "the vice president", "vice president of {Country}"),
    ("Governor", "the governor", "governor of the region around {City}"),
    ("Mayor", "the mayor", "mayor of {City}"),
    ("General", "the general", "commander of {X} ground forces"),
    ("Colonel", "the colonel", "a senior officer in the {X} army"),
    ("Ambassador", "the ambassador", "{X} ambassador to {Country2}"),
    ("Senator", "the senator", "a senator from the ruling party"),
    ("Judge", "the judge", "a judge at the supreme court in {Capital}"),
    ("Central Bank Governor", "the governor", "head of {X} central bank"),
]
# Appositive-only roles (no pre-name title): (role phrase, backref, gender or None)
APPOS_ROLES = [
    ("a spokeswoman for the army", "the spokeswoman", "f"),
    ("a spokesman for the army", "the spokesman", "m"),
    ("a spokeswoman for the {X} foreign ministry", "the spokeswoman", "f"),
    ("a spokesman for the interior ministry", "the spokesman", "m"),
    ("a spokesperson for {Org}", "the spokesperson", None),
    ("the head of {Org}", "the official", None),
    ("an analyst at {Inst}", "the analyst", None),
    ("a professor of political science at {Inst}", "the professor", None),
    ("a senior economist at {Inst}", "the economist", None),
    ("a resident of {City}", "the resident", None),
    ("a shopkeeper in {City}", "the shopkeeper", None),
    ("a nurse at a hospital in {City}", "the nurse", None),
    ("a local councillor", "the councillor", None),
    ("an opposition lawmaker", "the lawmaker", None),
    ("the leader of {Party}", "the opposition leader", None),
    ("a senior official in the {X} government who asked not to be named", "the official", None),
    ("a commander of {Group}", "the commander", None),
    ("the chief executive of {Company}", "the executive", None),
    ("a humanitarian coordinator for {IntlOrg}", "the coordinator", None),
    ("a lawyer representing the families", "the lawyer", None),
    ("a farmer from a village near {City}", "the farmer", None),
    ("a former diplomat", "the former diplomat", None),
    ("the UN special envoy for {Country}", "the envoy", None),
    ("a police officer in {City}", "the officer", None),
]

TOPICS = ["conflict", "diplomacy", "election", "economy", "protest", "disaster", "court", "health"]

# --------------------------------------------------------------------------
# Topic phrase banks: {A}/{B} country, {X}/{Y} demonyms, {City}/{City2}, {Group},
# {Party}, {Org}/{IntlOrg}, {Company}, {n}/{m}/{k} numbers, {pct}, {money}, {when}.
# --------------------------------------------------------------------------
CLAUSES = {
    "conflict": [
        "the army had pushed {Group} back from the outskirts of {City}",
        "at least {n} soldiers had been killed in the fighting",
        "drones had struck a fuel depot near {City} {when}",
        "the government would not negotiate with armed groups while attacks continued",
        "{Group} had shelled residential areas of {City} overnight",
        "troops had retaken three villages north of {City}",
        "the ceasefire agreed {when} was being violated almost every day",
        "more than {k} civilians had fled their homes since the start of the offensive",
        "reinforcements were being sent to the front line",
        "foreign fighters were operating alongside {Group}",
        "the attack had been planned for weeks",
        "the road between {City} and {City2} had been cut",
        "the casualty figures released by {Group} were exaggerated",
        "{B} had supplied weapons to the rebels",
    ],
    "diplomacy": [
        "talks on a ceasefire would resume in {City2} next week",
        "{A} was ready to restore full diplomatic relations with {B}",
        "the two sides had agreed to exchange prisoners",
        "a draft agreement had been sent to both governments {when}",
        "{B} had violated the terms of the previous accord",
        "sanctions would remain in place until {B} withdrew its forces",
        "the summit had produced no breakthrough",
        "{IntlOrg} was prepared to send observers to monitor the border",
        "the ambassador had been summoned to explain the remarks",
        "a new round of negotiations was expected before the end of the month",
        "both delegations had described the meeting as constructive",
        "{A} would not accept any deal that left its territory divided",
    ],
    "election": [
        "the vote had been marred by irregularities",
        "turnout had reached {pct} percent, the highest in a decade",
        "{Party} had won a majority of seats in parliament",
        "opposition observers had been barred from several polling stations",
        "the results would be announced within 72 hours",
        "ballot boxes had gone missing in at least {m} districts",
        "the election commission had rejected the complaint",
        "a runoff would be held on {date}",
        "the incumbent had conceded defeat",
        "votes were still being counted in {City}",
        "the campaign had been the most divisive in the country's history",
    ],
    "economy": [
        "inflation was expected to slow to {pct} percent by the end of the year",
        "the economy grew {pct} percent in the last quarter",
        "the central bank would keep interest rates unchanged",
        "{Company} planned to cut {k} jobs",
        "exports to {B} had fallen by a third",
        "the government would seek a loan of {money} from {IntlOrg}",
        "fuel prices would rise by {pct} percent from next month",
        "the currency had lost a fifth of its value against the dollar this year",
        "the budget deficit would narrow to {pct} percent of output",
        "{Company} had agreed to buy a stake in a port near {City}",
        "unemployment among young people had reached {pct} percent",
        "the new tariffs would hurt farmers more than anyone else",
    ],
    "protest": [
        "police had fired tear gas to disperse the crowd",
        "tens of thousands of people had marched through {City}",
        "at least {m} protesters had been arrested",
        "the demonstrations were peaceful until police moved in",
        "the government would not bow to pressure from the street",
        "organisers planned to hold another rally on {day}",
        "several journalists had been detained while covering the protest",
        "the curfew in {City} would be extended for another week",
        "the protesters were paid by foreign interests",
        "the internet had been cut in parts of {City}",
    ],
    "disaster": [
        "at least {n} people had been killed and {m} were missing",
        "rescue teams were still searching the rubble in {City}",
        "the floods had destroyed more than {k} homes",
        "aid had begun to reach the worst-hit areas",
        "the warning had come too late for many villages",
        "the death toll was likely to rise",
        "{IntlOrg} had appealed for {money} in emergency funding",
        "the dam had been poorly maintained for years",
        "schools in {City} would remain closed until further notice",
        "the earthquake had a magnitude of {mag}",
    ],
    "court": [
        "the former minister had received bribes worth {money}",
        "the court would deliver its verdict on {date}",
        "the charges were politically motivated",
        "the defendant had been held without trial for {m} months",
        "prosecutors had presented no credible evidence",
        "the contract had been awarded to {Company} without a tender",
        "the investigation had been opened {when}",
        "witnesses had been intimidated before the hearing",
        "the accused would appeal against the ruling",
        "{m} officials had been charged with fraud",
    ],
    "health": [
        "the number of cases had doubled in {m} weeks",
        "hospitals in {City} were running out of beds",
        "vaccination would begin on {date}",
        "the outbreak had been brought under control",
        "{IntlOrg} had sent {n} tonnes of medical supplies",
        "the virus had spread to at least {m} provinces",
        "doctors had not been paid for three months",
        "clean water was the most urgent need in the camps around {City}",
        "the figures published by the ministry understated the scale of the outbreak",
    ],
}

# Events narrated in the reporter's voice (sentence without a final period).
EVENTS = {
    "conflict": [
        "Fighting broke out {when} between {X} troops and fighters of {Group} near {City}",
        "{Group} said it had captured a military base on the outskirts of {City} {when}",
        "Artillery fire could be heard in the centre of {City} {when}, witnesses said",
        "A missile struck an apartment building in {City} {when}, killing at least {n} people",
        "{X} forces launched an offensive against {Group} in the hills east of {City}",
        "Two aid workers were wounded when their convoy came under fire near {City2}",
        "The army imposed a curfew on {City} after a wave of attacks on checkpoints",
    ],
    "diplomacy": [
        "Delegations from {A} and {B} met in {City2} {when} for a second day of talks",
        "{B} recalled its ambassador from {Capital} {when}",
        "The foreign ministers of {A} and {B} signed a trade and security accord in {Capital}",
        "{IntlOrg} called an emergency meeting to discuss the crisis",
        "{A} expelled four {Y} diplomats {when}, accusing them of espionage",
        "The talks, hosted by {C3}, were the first direct contact between the two sides since {year}",
    ],
    "election": [
        "Voters in {A} went to the polls {when} in a presidential election",
        "Long queues formed outside polling stations in {City} early in the morning",
        "{Party} claimed victory before the official results were announced",
        "The election commission postponed the announcement of results {when}",
        "Supporters of {Party} gathered in the main square of {City} to celebrate",
    ],
    "economy": [
        "The {X} currency fell to a record low against the dollar {when}",
        "{Company} reported a net loss of {money} for the first half of the year",
        "The central bank raised its main interest rate by {bp} basis points {when}",
        "Workers at {Company} went on strike {when}, demanding higher wages",
        "{A} and {B} agreed to cut tariffs on steel and grain",
        "Prices of bread and cooking oil in {City} have almost doubled since {month}",
    ],
    "protest": [
        "Thousands of people took to the streets of {City} {when} to demand the government's resignation",
        "Police fired tear gas and rubber bullets at protesters outside parliament in {Capital}",
        "Students blocked the main highway between {City} and {City2} for several hours",
        "Protesters set fire to tyres and blocked roads in at least {m} towns",
        "A general strike called by unions brought {City} to a standstill {when}",
    ],
    "disaster": [
        "Heavy rains caused flooding across the south of {A} {when}",
        "An earthquake struck near {City} {when}, flattening houses and cutting power lines",
        "A fire at a textile factory in {City} killed at least {n} workers {when}",
        "A landslide buried part of a village near {City2} after days of rain",
        "A ferry carrying about {k} passengers capsized off the coast near {City}",
    ],
    "court": [
        "A court in {Capital} sentenced a former minister to {m} years in prison {when}",
        "Prosecutors charged {m} officials with embezzlement {when}",
        "Police raided the offices of {Company} in {City} as part of a corruption inquiry",
        "The trial of {m} opposition activists opened in {Capital} {when}",
        "The supreme court annulled the decree {when}",
    ],
    "health": [
        "Health officials confirmed {n} new cases of cholera in {City} {when}",
        "The government declared a state of emergency in three provinces {when}",
        "Doctors at public hospitals in {Capital} began an open-ended strike {when}",
        "A shipment of vaccines arrived at the airport in {Capital} {when}",
    ],
}

QUOTES = {
    "conflict": [
        "We will defend every village, every street, every house",
        "Our soldiers are holding their positions",
        "They are targeting civilians deliberately, and the world is watching",
        "There is no military solution to this conflict",
        "We did not start this war, but we will finish it",
        "The situation on the ground is very difficult",
        "We have been hiding in the basement for three days",
        "Nobody told us to leave. The shells just started falling",
        "The enemy has suffered heavy losses",
        "Our priority is the safety of civilians",
    ],
    "diplomacy": [
        "This is a first step, but it is an important one",
        "We are ready to talk, but not at any price",
        "The door to dialogue remains open",
        "Nobody should mistake our patience for weakness",
        "We expect our partners to keep their promises",
        "This agreement is a victory for common sense",
        "There will be no deal without guarantees",
        "We have made progress, but serious differences remain",
    ],
    "election": [
        "The people have spoken, and we respect their choice",
        "This election was stolen",
        "We will challenge these results in court",
        "I will be the president of all citizens",
        "I voted for change. Nothing has changed in twenty years",
        "The count was transparent and fair",
        "We saw ballot papers being carried out of the building",
    ],
    "economy": [
        "Families cannot afford basic goods any more",
        "The worst is behind us",
        "These reforms are painful but necessary",
        "We are not going to print money to pay our debts",
        "Investors need stability, and that is what we will give them",
        "My salary is the same, but everything costs twice as much",
        "The numbers speak for themselves",
    ],
    "protest": [
        "We will stay here until the government resigns",
        "They can arrest us, but they cannot silence us",
        "The police used excessive force against peaceful demonstrators",
        "Order will be restored",
        "We are not afraid any more",
        "These are criminals, not protesters",
    ],
    "disaster": [
        "The water came in the middle of the night. We lost everything",
        "We are doing everything we can to reach the survivors",
        "We need tents, food and clean water",
        "This is the worst flooding I have seen in my life",
        "Time is running out for those still trapped",
    ],
    "court": [
        "My client is innocent and will be cleared",
        "Nobody is above the law",
        "This trial is a political show",
        "Justice has been done",
        "We will appeal, and we will win",
        "The evidence was fabricated from start to finish",
    ],
    "health": [
        "Our hospitals are at breaking point",
        "The situation is under control",
        "We are seeing more children than ever before",
        "We warned the ministry months ago",
        "People must not panic",
    ],
}
QUOTE_TAILS = [
    "", "", "", ". That is our position", ". We have said this many times",
    ", and everyone knows it", ". I want to be very clear about that",
    ". Nothing else matters now", ", whatever they say in {Capital2}",
]

DENIALS = [
    "{R} denied that {c}",
    "{R} rejected claims that {c}",
    "{R} dismissed reports that {c}, calling them \u201cbaseless\u201d",
    "{R} said there was no truth to allegations that {c}",
    "{R} flatly denied the accusation",
    "{R} insisted that the reports were false",
]
DENIAL_ORG = [
    "{Org} denied any involvement",
    "{Org} denied the allegations, calling them {q}false and malicious{qe}",
    "In a statement, {Org} rejected the accusation as {q}a fabrication{qe}",
    "A spokesperson for {Org} declined to comment",
    "{Org} did not respond to a request for comment",
    "Officials at {Org} could not be reached for comment",
]
SAY_VERBS = ["said", "said", "said", "told reporters", "added", "told a news conference",
             "said in a statement", "wrote on social media", "told local television",
             "said in an interview", "said on {day}", "told parliament"]
REPORT_VERBS = ["said", "said", "said", "warned", "claimed", "insisted", "confirmed",
                "acknowledged", "told reporters", "announced", "argued", "stressed"]
ACCUSE = [
    "{R} accused {B} of {g}",
    "{R} accused {Group} of {g}",
    "{R} blamed {Org} for {g}",
]
GERUNDS = [
    "prolonging the crisis", "arming the rebels", "interfering in the country's internal affairs",
    "violating the ceasefire", "spreading disinformation", "blocking humanitarian aid",
    "rigging the vote", "hiding the true scale of the losses", "targeting journalists",
    "stalling the negotiations", "diverting aid money",
]
SOURCES = [
    "according to {Org}", "according to figures from {IntlOrg}", "according to local officials",
    "according to a statement from {Org}", "according to witnesses",
    "according to a report published by {Inst}", "according to hospital sources",
    "according to the {X} health ministry", "according to people familiar with the matter",
    "according to state media",
]
BACKGROUND = [
    "{A} and {B} have been at odds since {year}, when a dispute over the border turned violent",
    "The region around {City} has been contested for decades",
    "It was the deadliest incident in {A} since {month} {year}",
    "The crisis began in {year}, after the collapse of a power-sharing deal",
    "{Group} has controlled large parts of the countryside around {City} since {year}",
    "{A} has been led by the same party since {year}",
    "The country of about {pop} million people depends heavily on imports of food and fuel",
    "The previous round of talks collapsed in {month} amid mutual accusations",
    "{IntlOrg} estimates that more than {k} people have been displaced since the start of the year",
    "The government has struggled to pay public-sector salaries since {year}",
    "Similar protests in {year} were put down by force",
    "The last census, conducted in {year}, put the population of {City} at about {k}",
]
PRONOUN_FOLLOW = [
    "{P} added that {c}",
    "{P} did not say when {c2}",
    "{P} said {c}",
    "{P} gave no further details",
    "{P} was speaking after a meeting with {R2} in {Capital}",
    "{P} called on {IntlOrg} to do more",
    "{P} said the government {gov_does}",
    "Asked whether {c2}, {p} declined to answer",
    "Later, {p} told reporters that {c}",
]
GOV_DOES = [
    "would respond firmly", "was studying all options", "had nothing to hide",
    "would publish a full report within a month", "remained committed to the talks",
    "would compensate the victims", "had been warned but failed to act",
]
C2 = [
    "the talks would resume", "the troops would be withdrawn", "the results would be published",
    "the border would reopen", "the aid would arrive", "the inquiry would begin",
    "the curfew would be lifted", "the money would be paid",
]
MEET = [
    "{R} met {R2} in {Capital} {when} to discuss {np}",
    "{R} held talks by telephone with {R2} {when} about {np}",
    "{R} travelled to {City2} {when} for talks on {np}",
]
NPS = [
    "the security situation", "the humanitarian crisis", "a possible ceasefire",
    "trade and energy", "the fate of the prisoners", "the return of refugees",
    "the reconstruction of {City}", "the upcoming elections", "the debt restructuring",
    "border security", "the grain corridor",
]
HEADLINES = {
    "conflict": ["Fighting spreads to {City} as {Group} claims gains",
                 "{X} army says it repelled attack near {City}",
                 "At least {n} killed in strike on {City}",
                 "{Group} fighters push towards {City2}",
                 "Civilians flee {City} as shelling intensifies"],
    "diplomacy": ["{A} and {B} agree to resume talks",
                  "{Surname} heads to {Capital2} as pressure mounts for a deal",
                  "{B} recalls envoy in row with {A}",
                  "No breakthrough at {City2} summit, officials say"],
    "election": ["{Party} claims victory in {X} election",
                 "Opposition cries foul as {A} counts votes",
                 "{Surname} concedes defeat after tight race",
                 "Turnout low as {A} votes in runoff"],
    "economy": ["{X} currency slides to record low",
                "{Company} to cut {k} jobs",
                "{A} seeks {money} loan from {IntlOrgShort}",
                "Inflation in {A} eases to {pct}%"],
    "protest": ["Thousands rally in {City} against fuel price rise",
                "Police clash with protesters in {Capital}",
                "{Surname} rejects calls to resign as protests grow",
                "Curfew imposed in {City} after night of unrest"],
    "disaster": ["Floods kill at least {n} in {A}",
                 "Rescuers search for survivors after quake near {City}",
                 "Death toll from {City} fire rises to {n}",
                 "{IntlOrgShort} appeals for aid as floods displace thousands"],
    "court": ["Former {X} minister jailed for {m} years",
              "{Surname} trial opens in {Capital}",
              "Court in {Capital} annuls decree",
              "Prosecutors charge {m} officials in {Company} graft case"],
    "health": ["Cholera cases rise in {City}",
               "{A} declares health emergency in three provinces",
               "Doctors strike over unpaid wages in {Capital}",
               "{IntlOrgShort} sends supplies as outbreak spreads"],
}
CLOSERS = [
    "The talks are due to continue on {day}.",
    "(Reporting by {Reporter}; editing by {Reporter2})",
    "Additional reporting by {Reporter} in {City2}.",
    "It was not possible to verify the claims independently.",
    "The {X} government has not commented publicly on the matter.",
    "{IntlOrg} said it would publish a full assessment next month.",
    "This story has been updated with comments from {Org}.",
]


def fmt_int(n):
    return f"{n:,}"


TRIPLE = re.compile(r"(.)\1\1+")
NOT_NAMES = {"Being", "Bang", "Hang", "Sung", "Sang", "Ring", "Long", "Bong", "Dong", "Ding", "Fang",
             "Mao", "Rang", "Pong", "Tang", "Ten", "Then", "Hen", "Pen", "Men", "Den", "Yen"}


class Names:
    """Pools of invented given names (by gender) and surnames for each style."""

    def __init__(self, rng):
        self.pool = {}
        for style, t in STYLES.items():
            g = {"m": set(), "f": set()}
            sur = set()
            for _ in range(600):
                stem = rng.choice(t["g1"]) + rng.choice(t["g2"])
                g["m"].add((stem + rng.choice(t["gm"])).capitalize())
                g["f"].add((stem + rng.choice(t["gf"])).capitalize())
            for _ in range(900):
                s = rng.choice(t["s1"]) + rng.choice(t["s2"]) + rng.choice(t["s3"])
                if not s.startswith("al-"):
                    s = s.capitalize()
                sur.add(s)
            def tidy(names):
                # no letter three times in a row ("Haaar" -> "Haar"); no common English words
                out = {TRIPLE.sub(r"\1\1", n) for n in names}
                return sorted(out - NOT_NAMES)
            self.pool[style] = {"m": tidy(g["m"]), "f": tidy(g["f"]), "s": tidy(sur)}

    def person(self, rng, style, gender):
        p = self.pool[style]
        if style == "eastasian" and rng.random() < 0.6:
            # family name first, given name second, as in many Chinese-language names
            sur = rng.choice(p["s"])
            return rng.choice(p[gender]), sur, f"{sur} {rng.choice(p[gender])}"
        given = rng.choice(p[gender])
        sur = rng.choice(p["s"])
        full = f"{given} {sur}"
        if rng.random() < 0.08 and style in ("anglo", "germanic"):
            full = f"{given} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {sur}"
        return given, sur, full


class Person:
    __slots__ = ("full", "sur", "gender", "title", "backref", "appos", "mentioned")

    def __init__(self, full, sur, gender, title, backref, appos):
        self.full, self.sur, self.gender = full, sur, gender
        self.title, self.backref, self.appos = title, backref, appos
        self.mentioned = False


class Story:
    """One article's cast and setting; renders sentences that refer to it."""

    def __init__(self, g, rng, published):
        self.g, self.rng, self.pub = g, rng, published
        ca, cb, cc = rng.sample(COUNTRIES, 3)
        self.topic = rng.choice(TOPICS)
        self.A, self.X, self.Capital, cities, self.style = ca
        self.B, self.Y, self.Capital2 = cb[0], cb[1], cb[2]
        self.C3 = cc[0]
        allc = [self.Capital] + cities
        self.City = rng.choice(allc)
        rest = [c for c in allc if c != self.City] or [cb[2]]
        self.City2 = rng.choice(rest)
        self.curly = rng.random() < 0.35
        self.q, self.qe = ("\u201c", "\u201d") if self.curly else ('"', '"')
        self.slots = self._orgs()
        self.people = []
        nppl = rng.randint(3, 6)
        for i in range(nppl):
            self.people.append(self._person(foreign=(i == nppl - 1 and rng.random() < 0.5)))
        self.last = None  # last person mentioned (pronoun antecedent)
        self.focus = None  # person the next sentence must be about
        self.used = set()  # narrative templates already used in this story
        self.lead = next((p for p in self.people if p.title), self.people[0])

    def _fill(self, t, extra=None):
        d = dict(self.slots)
        if extra:
            d.update(extra)
        return t.format(**d)

    def _orgs(self):
        rng, g = self.rng, self.g
        surs = g.names.pool[self.style]["s"]
        base = dict(Adj=rng.choice(G_ADJ), Noun=rng.choice(G_NOUN), Noun2=rng.choice(G_NOUN),
                    Noun3=rng.choice(G_NOUN), X=self.X, C=self.City, S=rng.choice(surs),
                    S2=rng.choice(surs))
        if base["Noun3"] == base["Noun2"]:
            base["Noun3"] = "Labour"
        grp = rng.choice(GROUP_TEMPLATES)[0].format(**base)
        party = rng.choice(PARTY_TEMPLATES)[0].format(**base)
        comp = rng.choice(COMPANY_TEMPLATES)[0].format(**base)
        inst = rng.choice(INSTITUTE_TEMPLATES)[0].format(**base)
        io, ios = rng.choice(INTL_ORGS)
        # a main "Org": the actor organisation relevant to the topic
        org = {
            "conflict": [f"the {self.X} army", grp, f"the {self.X} defence ministry"],
            "diplomacy": [f"the {self.X} foreign ministry", io, f"the {self.Y} embassy in {self.Capital}"],
            "election": [party, f"the {self.X} election commission", f"the ruling party"],
            "economy": [comp, f"the {self.X} central bank", io],
            "protest": [f"the {self.X} interior ministry", party, f"the {self.City} police"],
            "disaster": [f"the {self.X} civil protection agency", io, f"the {self.City} city council"],
            "court": [f"the {self.X} prosecutor's office", comp, f"the {self.X} supreme court"],
            "health": [f"the {self.X} health ministry", io, f"the hospital in {self.City}"],
        }[self.topic]
        return dict(A=self.A, B=self.B, X=self.X, Y=self.Y, Capital=self.Capital,
                    Capital2=self.Capital2, City=self.City, City2=self.City2, C3=self.C3,
                    Group=grp, Party=party, Company=comp, Inst=inst, IntlOrg=io,
                    IntlOrgShort=ios.replace("the ", "").upper() if len(ios) <= 8 else io.replace("the ", "").title(),
                    Org=rng.choice(org), Country=self.A, Country2=self.B, q=self.q, qe=self.qe)

    def _person(self, foreign=False):
        rng = self.rng
        style = self.style
        country, demonym, cap = self.A, self.X, self.Capital
        if foreign:
            c = next(c for c in COUNTRIES if c[0] == self.B)
            style, country, demonym, cap = c[4], c[0], c[1], c[2]
        if rng.random() < 0.55:
            t = rng.choice(GOV_TITLES)
            gender = rng.choice("mf")
            title = t[0]
            backref = t[1]
            appos = t[2].format(Country=country, X=demonym, City=self.City, Country2=self.B
                                if not foreign else self.A, Capital=cap)
            if rng.random() < 0.25:
                title = f"{demonym} {title}"
        else:
            r = rng.choice(APPOS_ROLES)
            gender = r[2] or rng.choice("mf")
            title = None
            backref = r[1]
            appos = self._fill(r[0], {"X": demonym, "Org": self.slots["Org"]})
        given, sur, full = self.g.names.person(rng, style, gender)
        return Person(full, sur, gender, title, backref, appos)

    def pick(self, options):
        """A template not yet used in this story, if one turns up in a few tries."""
        for _ in range(4):
            t = self.rng.choice(options)
            if t not in self.used:
                break
        self.used.add(t)
        return t

    # -- references -------------------------------------------------------
    def ref(self, p, subject=True):
        """A mention of p: full with title/apposition first, then short forms."""
        rng = self.rng
        self.last = p
        if not p.mentioned:
            p.mentioned = True
            if p.title and rng.random() < 0.7:
                return f"{p.title} {p.full}"
            return f"{p.full}, {p.appos},"
        r = rng.random()
        if r < 0.65:
            return p.sur
        if r < 0.85:
            return p.backref
        return p.full

    def pron(self, p, cap=True):
        w = {"m": "he", "f": "she"}[p.gender]
        return w.capitalize() if cap else w

    def someone(self):
        if self.focus is not None:
            p, self.focus = self.focus, None
            return p
        # prefer people already introduced half the time, for coreference chains
        seen = [p for p in self.people if p.mentioned]
        if seen and self.rng.random() < 0.5:
            return self.rng.choice(seen)
        return self.rng.choice(self.people)

    def other(self, p):
        others = [q for q in self.people if q is not p]
        return self.rng.choice(others) if others else p

    # -- numbers and dates --------------------------------------------------
    def when(self):
        rng, pub = self.rng, self.pub
        r = rng.random()
        if r < 0.45:
            back = rng.randint(1, 6)
            d = pub - datetime.timedelta(days=back)
            return ("late on " if rng.random() < 0.1 else "on ") + WEEKDAYS[d.weekday()]
        if r < 0.6:
            return rng.choice(["last week", "earlier this month", "last month", "this week",
                               "overnight", "earlier this year", "two days ago", "in recent days",
                               "on Monday night", "this morning"])
        return "on " + self.date()

    def date(self):
        rng, pub = self.rng, self.pub
        d = pub + datetime.timedelta(days=rng.randint(-60, 40))
        r = rng.random()
        if r < 0.6:
            return f"{MONTHS[d.month - 1]} {d.day}"
        if r < 0.8:
            return f"{MONTHS_AP[d.month - 1]} {d.day}, {d.year}"
        return f"{d.day} {MONTHS[d.month - 1]}"

    def nums(self):
        rng = self.rng
        money = rng.choice([f"${rng.randint(2, 950)} million", f"${rng.randint(1, 40)}.{rng.randint(1, 9)} billion",
                            f"{rng.randint(10, 900)} million euros", f"{rng.randint(2, 90)} billion {rng.choice(['dollars', 'euros'])}"])
        return dict(n=rng.choice([str(rng.randint(2, 9)), str(rng.randint(10, 99)), rng.choice(
                        ["three", "four", "five", "six", "seven", "eight", "nine", "a dozen", "two dozen"])]),
                    m=str(rng.randint(2, 30)), k=fmt_int(rng.choice([rng.randint(100, 999),
                                                                      rng.randint(1, 99) * 1000 + rng.randint(0, 9) * 100,
                                                                      rng.randint(1, 9) * 10000])),
                    pct=f"{rng.randint(1, 45)}.{rng.randint(0, 9)}", money=money,
                    mag=f"{rng.randint(4, 7)}.{rng.randint(0, 9)}", bp=str(rng.choice([25, 50, 75, 100, 150, 200])),
                    year=str(self.pub.year - rng.randint(1, 30)), month=rng.choice(MONTHS),
                    day=rng.choice(WEEKDAYS), pop=str(rng.randint(3, 120)), date=self.date(),
                    when=self.when())

    # -- sentence builders -------------------------------------------------
    def clause(self):
        return self._fill(self.pick(CLAUSES[self.topic]), self.nums())

    def quote_text(self):
        rng = self.rng
        q = rng.choice(QUOTES[self.topic])
        q += self._fill(rng.choice(QUOTE_TAILS))
        if rng.random() < 0.25:
            q2 = rng.choice(QUOTES[self.topic])
            if q2 not in q:
                q += ". " + q2
        return q

    def s_quote(self):
        rng, q, qe = self.rng, self.q, self.qe
        p = self.someone()
        text = self.quote_text()
        r = rng.random()
        if r < 0.4:
            verb = self._fill(rng.choice(SAY_VERBS), self.nums())
            who = self.ref(p)
            if who.endswith(","):
                return f"{q}{text},{qe} said {who[:-1]}."
            return f"{q}{text},{qe} {who} {verb}."
        if r < 0.6:
            who = self.ref(p)
            if who.endswith(","):
                return f"{q}{text},{qe} said {who[:-1]}."
            return f"{q}{text},{qe} said {who}."
        if r < 0.75 and p.mentioned:
            self.last = p
            return f"{q}{text},{qe} {self.pron(p, False)} said."
        if r < 0.9:
            who = self.ref(p)
            return f"{who} said: {q}{text}.{qe}"
        who = self.ref(p)
        q2 = rng.choice(QUOTES[self.topic])
        if q2 in text:
            return f"{q}{text},{qe} {who} said."
        return f"{q}{text},{qe} {who} said. {q}{q2}.{qe}"

    def s_reported(self):
        rng = self.rng
        p = self.someone()
        c = self.clause()
        r = rng.random()
        if r < 0.35:
            return f"{self.ref(p)} {rng.choice(REPORT_VERBS)} that {c}."
        if r < 0.5:
            return f"{self.ref(p)} said {c}."
        if r < 0.65:
            who = self.ref(p)
            return f"According to {who.rstrip(',')}, {c}."
        if r < 0.8:
            return f"{c[0].upper() + c[1:]}, {self.ref(p)} said.".replace(",, ", ", ")
        if r < 0.9:
            src = self._fill(rng.choice(SOURCES), self.nums())
            return f"{c[0].upper() + c[1:]}, {src}."
        return f"In a statement, {self.slots['Org']} said {c}."

    def s_denial(self):
        rng = self.rng
        if rng.random() < 0.6:
            p = self.someone()
            t = rng.choice(DENIALS)
            s = t.replace("{R}", self.ref(p)).replace("{c}", self.clause())
            return s[0].upper() + s[1:] + "."
        s = self._fill(rng.choice(DENIAL_ORG))
        return s[0].upper() + s[1:] + "."

    def s_event(self):
        s = self._fill(self.pick(EVENTS[self.topic]), self.nums())
        if self.rng.random() < 0.3:
            s += ", " + self._fill(self.rng.choice(SOURCES), self.nums())
        return s[0].upper() + s[1:] + "."

    def s_pronoun(self):
        rng = self.rng
        p = self.last
        if p is None or not p.mentioned:
            return self.s_reported()
        t = self.pick(PRONOUN_FOLLOW)
        extra = dict(self.nums(), P=self.pron(p), p=self.pron(p, False), c=self.clause(),
                     c2=rng.choice(C2), gov_does=rng.choice(GOV_DOES))
        if "{R2}" in t:
            extra["R2"] = self.ref(self.other(p))
        s = self._fill(t, extra)
        self.last = p
        return s + "."

    def s_accuse(self):
        rng = self.rng
        p = self.someone()
        s = rng.choice(ACCUSE).replace("{R}", self.ref(p)).replace("{g}", rng.choice(GERUNDS))
        s = self._fill(s)
        return s[0].upper() + s[1:] + "."

    def s_meet(self):
        rng = self.rng
        p = self.someone()
        o = self.other(p)
        t = rng.choice(MEET)
        s = t.replace("{R}", self.ref(p)).replace("{np}", rng.choice(NPS))
        if "{R2}" in s:
            s = s.replace("{R2}", self.ref(o))
        self.last = p
        s = self._fill(s, self.nums())
        return s[0].upper() + s[1:] + "."

    def s_background(self):
        s = self._fill(self.pick(BACKGROUND), self.nums())
        return s + "."

    def headline(self):
        s = self._fill(self.rng.choice(HEADLINES[self.topic]), dict(self.nums(), Surname=self.lead.sur))
        return s[0].upper() + s[1:]

    def lede(self):
        rng = self.rng
        place = self.City.upper()
        r = rng.random()
        if r < 0.5:
            dl = f"{place}, {MONTHS_AP[self.pub.month - 1]} {self.pub.day} \u2014 "
        elif r < 0.8:
            dl = f"{place} \u2014 "
        else:
            dl = f"{place}, {self.A} -- "
        body = self.s_event()
        if rng.random() < 0.5:
            body = body[:-1] + ", " + rng.choice(["officials said", "the government said",
                                                  "witnesses said", "state media reported",
                                                  "police said", "a local official said"]) + "."
        return dl + body

    def closer(self):
        d = dict(self.nums(), Reporter=self.g.names.person(self.rng, "anglo", self.rng.choice("mf"))[2],
                 Reporter2=self.g.names.person(self.rng, "anglo", self.rng.choice("mf"))[2])
        return self._fill(self.rng.choice(CLOSERS), d)

    def sentence(self):
        s = self._sentence()
        return s[0].upper() + s[1:]

    def lead_sentence(self):
        """The second paragraph opens with the headline's person."""
        self.focus = self.lead
        s = self.s_quote() if self.rng.random() < 0.5 else self.s_reported()
        self.focus = None
        return s[0].upper() + s[1:]

    def _sentence(self):
        r = self.rng.random()
        if r < 0.22:
            return self.s_quote()
        if r < 0.42:
            return self.s_reported()
        if r < 0.52:
            return self.s_pronoun()
        if r < 0.59:
            return self.s_denial()
        if r < 0.72:
            return self.s_event()
        if r < 0.78:
            return self.s_accuse()
        if r < 0.86:
            return self.s_meet()
        return self.s_background()

    def paragraph(self):
        n = self.rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        return " ".join(self.sentence() for _ in range(n))


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.names = Names(random.Random(seed * 7919 + 17))
        self.start = datetime.date(2019, 1, 1)

    def published(self):
        return self.start + datetime.timedelta(days=self.rng.randint(0, 6 * 365))

    def article(self, i):
        rng = self.rng
        pub = self.published()
        st = Story(self, rng, pub)
        target = rng.randint(2000, 6000)
        head = st.headline()
        paras = [head, st.lede()]
        second = st.lead_sentence()
        if rng.random() < 0.6:
            second += " " + st.sentence()
        paras.append(second)
        size = sum(len(p) + 1 for p in paras)
        while size < target - 150:
            p = st.paragraph()
            paras.append(p)
            size += len(p) + 1
        if rng.random() < 0.5:
            paras.append(st.closer())
        text = "\n".join(paras)
        return {"id": f"gen-{i:07d}", "title": head, "published": pub.isoformat(), "text": text}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, help="MB (10^6 bytes) of article text to write as JSONL")
    ap.add_argument("--single-line-mb", type=float, metavar="N",
                    help="write ONE article whose text is N MB with no newline")
    ap.add_argument("--format", choices=["jsonl", "text"], default="jsonl",
                    help="output format for --single-line-mb (default jsonl)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if (a.mb is None) == (a.single_line_mb is None):
        ap.error("give exactly one of --mb or --single-line-mb")
    g = Gen(a.seed)
    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")
    if a.mb is not None:
        goal = int(a.mb * MB)
        done = 0
        i = 0
        while done < goal:
            i += 1
            art = g.article(i)
            done += len(art["text"].encode("utf-8"))
            out.write(json.dumps(art, ensure_ascii=False) + "\n")
        print(f"gen_corpus: {i} articles, {done} bytes of text", file=sys.stderr)
        return
    goal = int(a.single_line_mb * MB)
    parts = []
    done = 0
    i = 0
    while done < goal:
        i += 1
        art = g.article(i)
        t = art["text"].replace("\n", " ")
        parts.append(t)
        done += len(t.encode("utf-8")) + 1
    text = " ".join(parts)
    assert "\n" not in text
    if a.format == "text":
        out.write(text)
    else:
        out.write(json.dumps({"id": f"single-{a.single_line_mb:g}mb", "title": "Single-line input",
                              "published": "2024-06-01", "text": text}, ensure_ascii=False) + "\n")
    print(f"gen_corpus: one line, {len(text.encode('utf-8'))} bytes of text from {i} stories",
          file=sys.stderr)


if __name__ == "__main__":
    main()
