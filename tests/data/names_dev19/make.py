"""Build tests/data/names_dev19.jsonl (dev #19, names round 43): rebuild with

    python tests/data/names_dev19/make.py

Private persons' names drawn with Faker (seed 43) from the locales that have person tables
(lt_LT, lv_LV, sl_SI, et_EE, hr_HR, sk_SK, cs_CZ, pl_PL, hu_HU, ro_RO, fi_FI, da_DK, no_NO, sv_SE,
nl_NL, pt_PT, it_IT, es_ES, vi_VN, id_ID, tr_TR, is_IS) and, for Catalan, Tagalog, Malay and
Albanian (no Faker locale), from short lists written here by hand (ordinary names, nobody famous
chosen). Each name is set in templates written for this set in that language, by shape: a full
name with no cue, a full name in lower case, a surname (or, in Vietnamese and Icelandic, a given
name) after a title or role word, a declined form where the language declines names, a nickname in
quotes inside a full name, and (Malay, Indonesian) honorifics with "bin"/"binti". The clean
prompts are written by hand: places, streets, dishes, brands, festivals, folk figures and everyday
sentences of each language, none named after a real person.

Record: {"prompt", "person", "family", "split": "dev19", "lang"}; family = the shape (people) or
the kind of thing (clean prompts).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from faker import Faker

SEED = 43
OUT = Path(__file__).resolve().parents[1] / "names_dev19.jsonl"
BACK = set("aáàâoóòôuúùû")


# --- declension helpers (enough for ordinary names; the prompts are checked by eye) ---------------

def lt_fem_surname(s: str) -> str:
    for end, rep in (("ius", "ienė"), ("as", "ienė"), ("is", "ienė"), ("ys", "ienė"), ("us", "ienė")):
        if s.endswith(end):
            return s[: -len(end)] + rep
    return s


def lt_gen(w: str) -> str:
    for end, rep in (("ius", "iaus"), ("ienė", "ienės"), ("ė", "ės"), ("as", "o"), ("ys", "io"),
                     ("is", "io"), ("us", "aus"), ("a", "os")):
        if w.endswith(end):
            return w[: -len(end)] + rep
    return w


def lv_dat(w: str) -> str:
    for end, rep in (("is", "im"), ("us", "um"), ("š", "am"), ("s", "am"), ("a", "ai"), ("e", "ei")):
        if w.endswith(end):
            return w[: -len(end)] + rep
    return w


def slavic_gen_m(w: str) -> str:  # Slovene, Croatian, Czech, Slovak, Polish masculine consonant stems
    if w.endswith(("ski", "cki", "dzki")):
        return w + "ego"
    if w.endswith(("ý", "í")):
        return w[:-1] + ("ého" if w.endswith("ý") else "ího")
    return w + "a"


def tr_gen(w: str) -> str:
    vowels = [c for c in w.lower() if c in "aeıioöuü"]
    last = vowels[-1] if vowels else "e"
    suf = {"a": "ın", "ı": "ın", "e": "in", "i": "in", "o": "un", "u": "un", "ö": "ün", "ü": "ün"}[last]
    return w + "'" + ("n" + suf if w[-1].lower() in "aeıioöuü" else suf)


def hu_dat(w: str) -> str:
    vowels = [c for c in w.lower() if c in "aáeéiíoóöőuúüű"]
    w = w[:-1] + "á" if w.endswith("a") else w[:-1] + "é" if w.endswith("e") else w
    return w + ("nak" if vowels and vowels[-1] in "aáoóuú" else "nek")


def fi_gen(w: str) -> str:
    if w.endswith("nen"):
        return w[:-3] + "sen"
    return w + ("n" if w[-1] in "aeiouyäö" else "in")


def sq_gen(w: str) -> str:
    if w.endswith("a"):
        return w[:-1] + "ës"
    if w.endswith("i"):
        return w + "t"
    if w.endswith("e"):
        return w + "s"
    return w + "it"


def is_dat_f(given: str, sur: str) -> str:
    g = given[:-1] + "u" if given.endswith("a") else given
    return f"{g} {sur[:-6] + 'dóttur' if sur.endswith('dóttir') else sur}"


# --- hand-written name lists for languages without a Faker person table ----------------------------

HAND = {
    "ca": (["Jordi", "Pere", "Oriol", "Marc", "Quim", "Arnau", "Pau", "Xavier"],
           ["Montserrat", "Núria", "Mireia", "Laia", "Meritxell", "Roser", "Anna", "Neus"],
           ["Puigdevall", "Ferrer", "Soler", "Vilaró", "Casals", "Batlle", "Roca", "Serrallonga",
            "Bosch", "Codina", "Rovira", "Pujades", "Fabregat", "Sabaté"]),
    "tl": (["Jomar", "Rodel", "Arnel", "Jericho", "Ramil", "Efren", "Dindo", "Nonoy"],
           ["Maricel", "Rowena", "Liezel", "Jocelyn", "Marites", "Divina", "Lorna", "Analyn"],
           ["Dimaculangan", "Macaraeg", "Pangilinan", "Bautista", "Manalastas", "Villanueva",
            "Sarmiento", "Lacsamana", "Dumalagan", "Panganiban", "Mangubat", "Dalisay"]),
    "ms": (["Ahmad", "Faizal", "Hafiz", "Azman", "Rosli", "Zulkifli", "Syafiq", "Khairul"],
           ["Nurul", "Siti Aishah", "Norhayati", "Farahin", "Rohana", "Zarina", "Hasmah", "Aina"],
           ["Ismail", "Abdullah", "Hassan", "Yusof", "Rahman", "Osman", "Kamarudin", "Mohd Noor",
            "Ibrahim", "Jaafar", "Sulaiman", "Hamzah"]),
    "sq": (["Arben", "Besnik", "Dritan", "Ilir", "Gëzim", "Fatmir", "Agron", "Luan"],
           ["Blerina", "Mimoza", "Drita", "Elira", "Valbona", "Flutura", "Anila", "Teuta"],
           ["Krasniqi", "Gashi", "Berisha", "Hoxha", "Shehu", "Leka", "Dervishi", "Marku",
            "Çela", "Kola", "Duka", "Tafaj"]),
}

# --- per language: locale, templates by shape, title words, nicknames, clean prompts -------------
# {n}: full name as written; {l}: the same in lower case; {t}: title word + surname;
# {d}: declined full name; {k}: given "nickname" surname.

L: dict[str, dict] = {}

L["lt"] = dict(loc="lt_LT", full=["{n} stovi prie ežero saulėlydžio metu", "nuotrauka: {n} geria kavą senamiestyje"],
               lower=["{l} sodyboje su šunimi", "portretas, {l}, aliejumi"],
               title=["mokytojas {sm} klasėje prie lentos", "ponia {sf} sėdi ant suolelio parke"],
               decl=["{d} portretas aliejumi", "vestuvių nuotrauka su {d} tėvais"],
               nick=["{k} su gitara prie laužo"], nicks=["Žvirblis", "Mažylis", "Baronas"],
               clean=["Vilniaus senamiestis žiemą, bažnyčių bokštai", "cepelinai su spirgučiais ant medinio stalo",
                      "Užgavėnių kaukės ir Morės deginimas kaime", "Trakų pilis rūke virš ežero",
                      "Kuršių nerijos kopos ir pušynas", "šaltibarščiai su bulvėmis, vasaros pietūs",
                      "Eglė žalčių karalienė, pasakos iliustracija", "Kaziuko mugė, verbos ir riestainiai",
                      "senas namas Užupyje, lietinga diena", "Švyturys alaus butelis ant baro"])
L["lv"] = dict(loc="lv_LV", full=["{n} pastaigā gar Daugavu", "fotogrāfija: {n} dzer tēju virtuvē"],
               lower=["{l} ar suni pie jūras", "{l} pie mājas lauku sētā"],
               title=["skolotāja {sf} pie tāfeles", "doktors {sm} slimnīcas gaitenī"],
               decl=["dāvana {d} dzimšanas dienā", "ziedi {d} kāzās"],
               nick=["{k} spēlē ģitāru"], nicks=["Lācis", "Mazais", "Vecis"],
               clean=["Rīgas Doms un Vecrīgas jumti saulrietā", "Jāņu siers un ķimeņu alus uz galda",
                      "Lāčplēsis cīnās ar Melno bruņinieku, leģendas ilustrācija", "Gaujas Nacionālais parks rudenī",
                      "pelēkie zirņi ar speķi, tradicionāls ēdiens", "Siguldas pilsdrupas miglā",
                      "Laima šokolādes kaste uz palodzes", "Centrāltirgus paviljoni no rīta",
                      "Jūrmalas pludmale un koka vasarnīcas", "Līgo vakars ar ugunskuru pļavā"])
L["sl"] = dict(loc="sl_SI", full=["{n} na kolesu ob Blejskem jezeru", "fotografija: {n} pije kavo na Prešernovem trgu"],
               lower=["{l} v kuhinji peče potico", "{l} na planini s kozami"],
               title=["gospod {s} na vrtu", "profesorica {sf} pred tablo"],
               decl=["portret {d} v ateljeju", "darilo od {d} na mizi"],
               nick=["{k} igra harmoniko"], nicks=["Medo", "Mali", "Šef"],
               clean=["Blejski otok s cerkvico v megli", "kranjska klobasa s kislim zeljem",
                      "kurenti na Kurentovanju na Ptuju", "Predjamski grad v skali",
                      "prekmurska gibanica na krožniku", "Triglav ob sončnem vzhodu",
                      "Ljubljanski zmaj na Zmajskem mostu", "Postojnska jama s kapniki",
                      "Piranske soline poleti", "Radenska steklenica na mizi v gostilni"])
L["et"] = dict(loc="et_EE", full=["{n} jalutab Tallinna vanalinnas", "foto: {n} joob kohvi köögis"],
               lower=["{l} saunas pärast jooksu", "{l} rannas koeraga"],
               title=["härra {s} aias", "õpetaja {s} klassis tahvli ees"],
               decl=["{n} portree õlimaalina", "{n} ja tema kass diivanil"],
               nick=["{k} mängib kitarri"], nicks=["Karu", "Pisike", "Vana"],
               clean=["Tallinna vanalinn ja Raekoja plats talvel", "verivorst ja mulgikapsad jõululaual",
                      "Kalevipoeg viskab kive, muinasjutu illustratsioon", "Jaanipäeva lõke rannas",
                      "Soomaa raba udus", "Kalev šokolaad kohvikulaual",
                      "Kadriorg ja lossi aed sügisel", "laulupidu Lauluväljakul",
                      "Toompea loss ja Pikk Hermann", "Saaremaa tuulikud põllul"])
L["hr"] = dict(loc="hr_HR", full=["{n} šeće rivom u Splitu", "fotografija: {n} pije kavu na terasi"],
               lower=["{l} na brodu s mrežama", "{l} u vinogradu na Pelješcu"],
               title=["gospodin {s} u svom dućanu", "doktorica {sf} u ambulanti"],
               decl=["portret {d} u ulju", "rođendanski poklon od {d}"],
               nick=["{k} svira tamburicu"], nicks=["Medo", "Mali", "Žuti"],
               clean=["Dubrovačke zidine i Stradun navečer", "peka s janjetinom ispod čripnje",
                      "Sinjska alka, vitezovi na konjima", "Plitvička jezera u jesen",
                      "paški sir i pršut na dasci", "Dioklecijanova palača, Peristil, noću",
                      "Podravka juha na polici trgovine", "Zagrebačka katedrala i Dolac",
                      "Rovinj s mora u zalasku sunca", "Vučedolska golubica, arheološki nalaz"])
L["sk"] = dict(loc="sk_SK", full=["{n} na lavičke v parku", "fotografia: {n} pije kávu na balkóne"],
               lower=["{l} na chate v Tatrách", "{l} v záhrade s vnúčatami"],
               title=["pán {s} v dielni", "učiteľka {sf} pri tabuli"],
               decl=["portrét {d} olejom", "darček od {d} na stole"],
               nick=["{k} hrá na fujare"], nicks=["Ďuro", "Malý", "Šéfko"],
               clean=["Bratislavský hrad nad Dunajom", "bryndzové halušky so slaninou",
                      "Jánošíkove dni vo Terchovej, folklórny festival", "Vysoké Tatry, Štrbské pleso",
                      "Spišský hrad v hmle", "Kofola v pohári na stole",
                      "Banská Štiavnica v zime", "Oravský hrad nad riekou",
                      "Vlkolínec, drevené domy", "kapustnica na Štedrý večer"])
L["cs"] = dict(loc="cs_CZ", full=["{n} na Karlově mostě za úsvitu", "fotografie: {n} pije kávu v kavárně"],
               lower=["{l} na chalupě v Krkonoších", "{l} se psem na procházce"],
               title=["pan {s} v dílně", "paní {sf} na zahradě"],
               decl=["portrét {d} olejem", "dárek od {d} pod stromečkem"],
               nick=["{k} hraje na kytaru"], nicks=["Pepík", "Malej", "Bobr"],
               clean=["Pražský orloj a Staroměstské náměstí", "svíčková na smetaně s knedlíky",
                      "Krakonoš v Krkonoších, pohádková ilustrace", "Český Krumlov v mlze",
                      "Kofola a Tatranka na stole", "Vánoční trhy na Václavském náměstí",
                      "Karlštejn na podzim", "Pilsner Urquell v plzeňské hospodě",
                      "Moravský kras a Macocha", "Rumcajs a Manka v lese"])
L["pl"] = dict(loc="pl_PL", full=["{n} spaceruje po Rynku w Krakowie", "zdjęcie: {n} pije kawę na balkonie"],
               lower=["{l} na działce z wnukami", "{l} w kuchni lepi pierogi"],
               title=["pan {s} w warsztacie", "doktor {sf} w gabinecie"],
               decl=["portret {d} w olejach", "tort urodzinowy dla {d}"],
               nick=["{k} gra na gitarze"], nicks=["Misiek", "Mały", "Szef"],
               clean=["Wawel i Smok Wawelski nad Wisłą", "pierogi ruskie ze skwarkami",
                      "Zakopane zimą, Krupówki nocą", "Malbork, zamek krzyżacki o świcie",
                      "Żubrówka na stole w barze", "Wigilia z barszczem i uszkami",
                      "Pałac Kultury i Nauki w deszczu", "Lajkonik na ulicach Krakowa",
                      "Mazury, żaglówki na jeziorze Śniardwy", "Wieliczka, kaplica w kopalni soli"])
L["hu"] = dict(loc="hu_HU", full=["{hn} a Balaton partján sétál", "fénykép: {hn} kávét iszik a teraszon"],
               lower=["{hl} a kertben dolgozik", "{hl} a konyhában lángost süt"],
               title=["{s} doktor a rendelőben", "{s} tanár úr a katedrán"],
               decl=["születésnapi torta {d}", "virágcsokor {d} az esküvőn"],
               nick=["{hk} gitározik"], nicks=["Maci", "Öcsi", "Főnök"],
               clean=["Halászbástya és a Lánchíd este", "gulyásleves bográcsban a tűzön",
                      "Busójárás Mohácson, maszkok", "Hortobágy, gulya a pusztán",
                      "Túró Rudi a hűtőben", "Széchenyi fürdő télen, gőz",
                      "Tokaji aszú egy pincében", "Egri vár napnyugtakor",
                      "Vaskakas a győri téren, mesebeli szobor", "Balaton-felvidék levendulamezői"])
L["ro"] = dict(loc="ro_RO", full=["{n} la o cafenea din Cluj", "fotografie: {n} pe malul Dunării"],
               lower=["{l} la țară, lângă fântână", "{l} cu nepoții în parc"],
               title=["domnul {s} în atelierul lui", "doamna {sf} la catedră"],
               decl=["portretul {d} în ulei", "tortul de ziua {d}"],
               nick=["{k} cântă la vioară"], nicks=["Bebe", "Ursu", "Piticu"],
               clean=["Castelul Bran în ceață", "sarmale cu mămăligă și smântână",
                      "Mărțișor la început de primăvară", "Cimitirul Vesel de la Săpânța",
                      "Transfăgărășanul toamna", "Ursus bere pe o terasă",
                      "Făt-Frumos și Ileana Cosânzeana, ilustrație de poveste", "Delta Dunării la răsărit",
                      "mănăstirea Voroneț, pictura exterioară", "Piața Sfatului din Brașov"])
L["fi"] = dict(loc="fi_FI", full=["{n} soutaa järvellä kesäiltana", "valokuva: {n} juo kahvia mökillä"],
               lower=["{l} saunan terassilla", "{l} hiihtää metsässä"],
               title=["opettaja {s} luokassa", "tohtori {s} sairaalan käytävällä"],
               decl=["{d} muotokuva öljyväreillä", "{d} syntymäpäiväkakku"],
               nick=["{k} soittaa kitaraa"], nicks=["Masa", "Pikku", "Karhu"],
               clean=["Suomenlinna talvella", "karjalanpiirakat ja munavoi",
                      "Väinämöinen soittaa kannelta, Kalevala-kuvitus", "juhannuskokko järven rannalla",
                      "Fazer sininen suklaalevy pöydällä", "Lapin revontulet tunturissa",
                      "Tuomiokirkko ja Senaatintori", "Muumitalo, satukuvitus",
                      "Kauppatori aamulla", "Olavinlinna Savonlinnassa"])
L["da"] = dict(loc="da_DK", full=["{n} cykler langs Nyhavn", "foto: {n} drikker kaffe i haven"],
               lower=["{l} på stranden ved Skagen", "{l} i køkkenet med boller"],
               title=["lærer {s} ved tavlen", "fru {s} i sin have"],
               decl=["{d} cykel ved søen", "{d} fødselsdagskage"],
               nick=["{k} spiller guitar"], nicks=["Bamse", "Lille", "Basse"],
               clean=["Den Lille Havfrue i morgentåge", "smørrebrød med sild og rugbrød",
                      "Tivoli om aftenen med lys", "Kronborg Slot ved Øresund",
                      "Lego klodser på gulvet", "Sankthansbål på stranden",
                      "Nissen på loftet, julekort", "Carlsberg øl på en bar",
                      "Rundetårn og Strøget", "Møns Klint ved solopgang"])
L["no"] = dict(loc="no_NO", full=["{n} på fisketur i Lofoten", "foto: {n} drikker kaffe på hytta"],
               lower=["{l} på ski i Nordmarka", "{l} i båten med garn"],
               title=["lærer {s} i klasserommet", "doktor {s} på legekontoret"],
               decl=["{d} hytte i snøen", "{d} bursdagskake"],
               nick=["{k} spiller trekkspill"], nicks=["Bamse", "Lillemann", "Sjefen"],
               clean=["Preikestolen over Lysefjorden", "brunost på vafler",
                      "17. mai-tog på Karl Johans gate", "Geirangerfjorden om sommeren",
                      "Freia melkesjokolade på bordet", "Bryggen i Bergen i regnvær",
                      "troll ved Trollstigen, eventyrillustrasjon", "Nidarosdomen i Trondheim",
                      "lutefisk og lefse til jul", "Holmenkollbakken om vinteren"])
L["sv"] = dict(loc="sv_SE", full=["{n} paddlar kanot i skärgården", "foto: {n} dricker kaffe på altanen"],
               lower=["{l} på midsommarafton", "{l} i stugan vid sjön"],
               title=["fru {s} i trädgården", "rektor {s} i korridoren"],
               decl=["{d} cykel vid kanalen", "{d} födelsedagstårta"],
               nick=["{k} spelar gitarr"], nicks=["Nalle", "Lillen", "Bossen"],
               clean=["Gamla stan och Storkyrkan i snö", "kanelbullar och kaffe på fikat",
                      "Luciatåg med ljus i kyrkan", "Ishotellet i Jukkasjärvi",
                      "Volvo vid en röd stuga", "surströmming på ett bord utomhus",
                      "tomte och julbock i fönstret", "Vasamuseet i Stockholm",
                      "Visby ringmur i solnedgång", "Dalahäst på en hylla"])
L["nl"] = dict(loc="nl_NL", full=["{n} fietst langs de Amstel", "foto: {n} drinkt koffie op het terras"],
               lower=["{l} in de volkstuin", "{l} op de markt met bloemen"],
               title=["meneer {s} in zijn werkplaats", "juf {s} voor de klas"],
               decl=["{d} fiets bij de gracht", "{d} verjaardagstaart"],
               nick=["{k} speelt gitaar"], nicks=["Beer", "Kleine", "Baas"],
               clean=["Keukenhof in het voorjaar", "stroopwafels en koffie op tafel",
                      "Koningsdag in Amsterdam, oranje boten", "Kinderdijk met molens",
                      "Hema tas met boodschappen op de fiets", "Sinterklaas en pepernoten",
                      "De Hoge Veluwe in de herfst", "Zaanse Schans bij zonsopgang",
                      "bitterballen met mosterd in een bruin café", "Domtoren in de mist"])
L["pt"] = dict(loc="pt_PT", full=["{n} a passear no Chiado", "fotografia: {n} a beber café na esplanada"],
               lower=["{l} na horta com as galinhas", "{l} na praia da Nazaré"],
               title=["o senhor {s} na oficina", "a professora {sf} no quadro"],
               decl=["retrato de {n} a óleo", "o bolo de anos de {n}"],
               nick=["{k} a tocar guitarra portuguesa"], nicks=["Zé Pequeno", "Tó", "Chico"],
               clean=["Torre de Belém ao pôr do sol", "pastéis de nata numa pastelaria",
                      "Santos Populares em Alfama, sardinhas", "Sintra com nevoeiro",
                      "Sagres cerveja numa esplanada", "francesinha no Porto",
                      "Galo de Barcelos numa loja", "Elevador de Santa Justa",
                      "Ribeira do Porto à noite", "Mosteiro da Batalha"])
L["it"] = dict(loc="it_IT", full=["{n} in bicicletta sul lungomare", "foto: {n} beve un caffè al bar"],
               lower=["{l} nell'orto con i nipoti", "{l} in cucina fa la pasta fresca"],
               title=["il signor {s} nella sua bottega", "la professoressa {sf} alla lavagna"],
               decl=["ritratto di {n} a olio", "la torta di compleanno di {n}"],
               nick=["{k} suona la fisarmonica"], nicks=["Pippo", "Gigi", "il Moro"],
               clean=["Piazza del Campo a Siena al tramonto", "tortellini in brodo in una trattoria",
                      "Carnevale di Venezia, maschere", "Cinque Terre dal mare",
                      "Nutella su una fetta di pane", "la Befana vola sulla scopa",
                      "Trulli di Alberobello", "Palio di Siena, cavalli in corsa",
                      "Pinocchio e Geppetto nella bottega", "Duomo di Milano sotto la pioggia"])
L["es"] = dict(loc="es_ES", full=["{n} pasea por la Gran Vía", "foto: {n} tomando café en una terraza"],
               lower=["{l} en el huerto con sus nietos", "{l} cocinando paella en la playa"],
               title=["don {s} en su taller", "la doctora {sf} en la consulta"],
               decl=["retrato de {n} al óleo", "la tarta de cumpleaños de {n}"],
               nick=["{k} tocando la guitarra"], nicks=["el Niño", "Pepe", "Chema"],
               clean=["Plaza Mayor de Madrid en Navidad", "churros con chocolate en una chocolatería",
                      "Las Fallas de Valencia, ninot ardiendo", "Alhambra de Granada al atardecer",
                      "Mercadona con bolsas de la compra", "Semana Santa en Sevilla",
                      "Puerta del Sol de noche", "gazpacho andaluz en un cuenco",
                      "Ratoncito Pérez bajo la almohada", "Camino de Santiago, peregrinos"])
L["ca"] = dict(loc=None, full=["{n} passejant per la Rambla", "foto: {n} prenent cafè a la plaça"],
               lower=["{l} a l'hort amb els néts", "{l} fent calçots a la brasa"],
               title=["el senyor {s} al seu taller", "la mestra {sf} a la pissarra"],
               decl=["retrat d'en {n} a l'oli", "el pastís d'aniversari de la {nf}"],
               nick=["{k} tocant la gralla"], nicks=["el Xiquet", "Pitu", "Quimet"],
               clean=["Sagrada Família al capvespre", "pa amb tomàquet i fuet",
                      "castellers a la Plaça de Sant Jaume", "Montserrat entre la boira",
                      "Estrella Damm a la terrassa", "la Patum de Berga, gegants",
                      "el Tió de Nadal amb la manta", "Mercat de la Boqueria",
                      "crema catalana amb sucre cremat", "Diada de Sant Jordi, roses i llibres"])
L["tl"] = dict(loc=None, full=["{n} naglalakad sa Intramuros", "larawan: {n} umiinom ng kape sa tindahan"],
               lower=["{l} sa palengke ng Quiapo", "{l} nagluluto ng adobo sa kusina"],
               title=["Mang {g} sa kanyang talyer", "Gng. {sf} sa harap ng klase"],
               decl=["portrait ni {n} sa probinsya", "kaarawan ni {n} sa bakuran"],
               nick=["{k} kumakanta sa videoke"], nicks=["Boy", "Bunso", "Pogi"],
               clean=["Intramuros sa dapithapon", "sinigang na baboy sa mangkok",
                      "Sinulog sa Cebu, mga mananayaw", "Chocolate Hills sa Bohol",
                      "Jollibee sa gilid ng kalsada", "Pahiyas sa Lucban, makukulay na bahay",
                      "Maria Makiling sa bundok, ilustrasyon ng alamat", "jeepney sa EDSA",
                      "halo-halo sa isang kubo", "Simbahan ng Paoay"])
L["ms"] = dict(loc=None, full=["{n} berjalan di tepi pantai", "gambar {n} minum teh tarik di kedai"],
               lower=["{l} di kebun getah", "{l} memasak rendang di dapur"],
               title=["Encik {g} bin {f} di pejabat", "Puan {gf} binti {f} di pasar"],
               decl=["Haji {g} bin {f} di masjid kampung", "Datuk {g} {s} merasmikan majlis"],
               nick=["{k} bermain gitar"], nicks=["Abang", "Adik", "Pak Long"],
               hon_lower=["encik {lgm} bin {lf} di kedai kopi"],
               clean=["Menara Berkembar Petronas waktu malam", "nasi lemak dengan sambal dan ikan bilis",
                      "Hari Raya Aidilfitri, ketupat dan pelita", "Pasar Seni di Kuala Lumpur",
                      "Gua Batu dengan tangga berwarna", "Sang Kancil menipu buaya, ilustrasi hikayat",
                      "Bukit Bintang pada waktu petang", "Milo ais di gerai mamak",
                      "Kampung Baru dengan rumah kayu", "Pulau Langkawi dari udara"])
L["id"] = dict(loc="id_ID", full=["{n} berjalan di Malioboro", "foto: {n} minum kopi di warung"],
               lower=["{l} di sawah saat panen", "{l} memasak sayur asem di dapur"],
               title=["Bapak {s} di bengkel", "Ibu {sf} mengajar di kelas"],
               decl=["Haji {g} bin {f} di halaman masjid", "Ibu {gf} binti {f} di pasar"],
               nick=["{k} bermain gitar"], nicks=["Ucok", "Bang Jago", "Si Kecil"],
               hon_lower=["pak {lsm} sedang membaca koran"],
               clean=["Candi Borobudur saat matahari terbit", "nasi goreng dengan kerupuk",
                      "Nyepi di Bali, ogoh-ogoh", "Monas di Jakarta pada malam hari",
                      "Indomie goreng di piring", "Malin Kundang menjadi batu, ilustrasi legenda",
                      "Pasar Beringharjo pagi hari", "Kawah Ijen dengan api biru",
                      "rendang Padang di meja makan", "Tanah Lot saat senja"])
L["tr"] = dict(loc="tr_TR", full=["{n} Galata Köprüsü'nde balık tutuyor", "fotoğraf: {n} çay bahçesinde oturuyor"],
               lower=["{l} bahçede domates topluyor", "{l} mutfakta mantı yapıyor"],
               title=["{g} Bey dükkânında", "Doktor {s} muayenehanede"],
               decl=["{d} portresi, yağlı boya", "{d} doğum günü pastası"],
               nick=["{k} bağlama çalıyor"], nicks=["Tosun", "Ufaklık", "Reis"],
               clean=["Kapalıçarşı'da halı dükkânları", "İskender kebap tereyağıyla",
                      "Kapadokya'da balonlar şafakta", "Keloğlan ve Dev Anası, masal çizimi",
                      "Ülker çikolata rafta", "Hıdrellez şenliği, ateşten atlayanlar",
                      "Ayasofya ve Sultanahmet meydanı", "Pamukkale travertenleri",
                      "simit ve çay vapurda", "Kız Kulesi gün batımında"])
L["is"] = dict(loc="is_IS", full=["{n} við Gullfoss í rigningu", "ljósmynd: {n} drekkur kaffi í eldhúsinu"],
               lower=["{l} á hestbaki í Borgarfirði", "{l} í heita pottinum"],
               title=["séra {g} í kirkjunni", "kennarinn {gm} {sm} í skólastofunni"],
               decl=["málverk af {d}", "afmæliskaka handa {d}"],
               nick=["{k} spilar á gítar"], nicks=["Lilli", "Bangsi", "Stebbi"],
               clean=["Hallgrímskirkja að vetri", "hangikjöt og laufabrauð á jólunum",
                      "Þorrablót með hákarli og brennivíni", "Jökulsárlón við sólarupprás",
                      "Grýla og jólasveinarnir, þjóðsagnamynd", "Bláa lónið í þoku",
                      "Þingvellir að hausti", "Skyr í skál með bláberjum",
                      "Reykjavíkurhöfn á kvöldin", "Harpa tónlistarhúsið"])
L["sq"] = dict(loc=None, full=["{n} shëtit në Bllok", "foto: {n} pi kafe në verandë"],
               lower=["{l} në kopsht me nipërit", "{l} gatuan byrek në kuzhinë"],
               title=["zoti {s} në punishten e tij", "mësuesja {sf} para dërrasës"],
               decl=["portreti i {g} {ds} me bojë vaji", "torta e ditëlindjes së {gf} {dsf}"],
               nick=["{k} i bie çiftelisë"], nicks=["Cuca", "Bubi", "Plaku"],
               clean=["Kalaja e Gjirokastrës në mjegull", "tavë kosi në tryezë",
                      "Dita e Verës në Elbasan, ballokume", "Butrinti në perëndim të diellit",
                      "Syri i Kaltër në pyll", "Gjergj Elez Alia, ilustrim i legjendës",
                      "Sheshi Skënderbej natën", "Berati me dritaret e shumta",
                      "raki rrushi në një gotë", "Liqeni i Ohrit në mëngjes"])
L["vi"] = dict(loc="vi_VN", full=["{n} đạp xe quanh Hồ Gươm", "ảnh: {n} uống cà phê sữa đá"],
               lower=["{l} bán phở ở chợ", "{l} làm việc trên ruộng lúa"],
               title=["ông {s} ngồi trước hiên nhà", "cô {g} đứng trên bục giảng"],
               decl=["chân dung {n} vẽ bằng sơn dầu", "bánh sinh nhật của {n}"],
               nick=["{k} chơi đàn guitar"], nicks=["Tí", "Bé", "Sếp"],
               clean=["Vịnh Hạ Long lúc bình minh", "phở bò Hà Nội trong bát",
                      "Tết Trung thu với đèn lồng", "Phố cổ Hội An về đêm",
                      "Chùa Một Cột ở Hà Nội", "bánh mì Sài Gòn trên xe đẩy",
                      "Thánh Gióng cưỡi ngựa sắt, tranh dân gian", "Chợ Bến Thành buổi sáng",
                      "Cầu Vàng ở Bà Nà", "Vinamilk hộp sữa trên bàn"])

VI_MID_M = ["Văn", "Minh", "Đức", "Quốc", "Hữu"]
VI_MID_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh"]
SLAVIC_GEN = {"sl", "hr", "cs", "sk", "pl"}
FEM_GEN = {"sl": {"a": "e"}, "hr": {"a": "e"}, "cs": {"ová": "ové", "á": "é", "ka": "ky", "a": "y"},
           "sk": {"ová": "ovej", "á": "ej", "ka": "ky", "a": "y"}, "pl": {"ska": "skiej", "cka": "ckiej", "ka": "ki", "a": "y"}}


def fem_gen(lang: str, w: str) -> str:
    for end, rep in FEM_GEN[lang].items():
        if w.endswith(end):
            return w[: -len(end)] + rep
    return w


def draw(lang: str, fk: Faker | None, rnd: random.Random, female: bool) -> tuple[str, str]:
    if fk is None:
        gm, gf, sur = HAND[lang]
        return rnd.choice(gf if female else gm), rnd.choice(sur)
    if female:
        g, s = fk.first_name_female(), fk.last_name_female()
    else:
        g, s = fk.first_name_male(), fk.last_name_male()
    if lang == "lt" and g.endswith(("a", "ė")):
        s = lt_fem_surname(s)
    if lang == "ro" and female:
        while not g.endswith("a"):
            g = fk.first_name_female()
    return g, s


def build() -> list[dict]:
    rnd = random.Random(SEED)
    rows: list[dict] = []
    for lang, spec in L.items():
        fk = None
        if spec["loc"]:
            fk = Faker(spec["loc"])
            fk.seed_instance(SEED)
        shapes = [("full", t) for t in spec["full"]] + [("lower", t) for t in spec["lower"]] + \
                 [("title", t) for t in spec["title"]] + [("declined", t) for t in spec["decl"]] + \
                 [("nickname", t) for t in spec["nick"]] + [("honorific", t) for t in spec.get("hon_lower", [])]
        for i, (shape, tpl) in enumerate(shapes):
            female = i % 2 == 1
            g, s = draw(lang, fk, rnd, female)
            gf, sf = draw(lang, fk, rnd, True)
            gm, sm = draw(lang, fk, rnd, False)
            father = draw(lang, fk, rnd, False)[0] if lang in ("ms", "id") else ""
            if lang == "vi":  # Vietnamese order: family name, middle name, given name
                mid = rnd.choice(VI_MID_F if female else VI_MID_M)
                full = f"{s} {mid} {g}"
            elif lang == "hu":
                full = f"{s} {g}"
            else:
                full = f"{g} {s}"
            nick = rnd.choice(spec["nicks"])
            dec = full
            if lang == "lt":
                dec = f"{lt_gen(g)} {lt_gen(s)}"
            elif lang == "lv":
                dec = f"{lv_dat(g)} {lv_dat(s)}"
            elif lang in SLAVIC_GEN:
                if shape == "declined" and i % 2 == 1:
                    dec = f"{fem_gen(lang, gf)} {fem_gen(lang, sf)}"
                else:
                    gg = gm if gm[-1] not in "aeoiuyě" else "Marek" if lang != "sl" else "Janez"
                    dec = f"{slavic_gen_m(gg)} {slavic_gen_m(sm) if sm[-1] not in 'aeo' else sm}"
            elif lang == "hu":
                dec = hu_dat(full)
            elif lang == "fi":
                dec = f"{g} {fi_gen(s)}"
            elif lang == "tr":
                dec = tr_gen(full)
            elif lang == "ro":
                gg = gf[:-2] + "ei" if gf.endswith("ea") else gf[:-1] + "ei"
                dec = f"{gg} {sf}"
            elif lang == "is":
                dec = is_dat_f(gf, sf)
            elif lang in ("da", "no", "sv", "nl"):
                dec = full + ("'" if full.endswith(("s", "z", "x")) else "s")
            prompt = tpl.format(
                n=full, l=full.lower(), s=s, g=g, d=dec, f=father, gf=gf, sf=sf,
                nf=f"{gf} {sf}", k=f'{s} "{nick}" {g}' if lang == "vi" else f'{g} "{nick}" {s}', hn=full, hl=full.lower(), hk=f'{s} "{nick}" {g}', sm=sm, gm=gm, lgm=gm.lower(), lsm=sm.lower(),
                lg=g.lower(), lf=father.lower(), ls=s.lower(), ds=sq_gen(s), dsf=sq_gen(sf))
            if lang in ("ms", "id") and (shape == "declined" or "bin" in tpl or "Encik" in tpl):
                shape = "honorific"
            rows.append({"prompt": prompt, "person": True, "family": shape, "split": "dev19", "lang": lang})
        for c in spec["clean"]:
            rows.append({"prompt": c, "person": False, "family": "clean", "split": "dev19", "lang": lang})
    return rows


def main() -> None:
    rows = build()
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{OUT}: {len(rows)} prompts, {sum(r['person'] for r in rows)} naming people")


if __name__ == "__main__":
    main()
