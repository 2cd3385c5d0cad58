"""Content flags found in a prompt, for grants' content restrictions.

A grant may forbid nudity, politics, endorsements, ... (``consent.records.Restriction``).
The request's content flags are what the user declares **plus** what this screen finds in
the prompt, so a restriction cannot be dodged by not declaring it. It is a keyword screen
with normalisation (case, diacritics, Cyrillic and Greek transliterated to Latin letters,
digit/letter swaps such as "n00de", spelled-out words such as "n.u.d.e", "n/u/d/e",
"n - u - d - e", "n -- u -- d -- e", "n..u..d..e", "n  u  d  e" with any spaces; zero-width characters and soft hyphens dropped),
not a classifier: it errs towards flagging, and a flag only matters when a
grant in play restricts it. Its word lists (:data:`LEXICON`, in a small syntax: :func:`_regex`)
hold for each flag the plain words, the everyday paraphrases ("wearing nothing", "with her
clothes off", "see-through dress", "holding a pistol"), compounds of a curated set of roots
("halfnaked", "barechested", "gunfight", "sexscene"), named firearms ("AK-47", "Glock") and the
words of the commonest other languages with their inflected forms ("desnuda", "nua", "nackt",
"голая", "голой", "γυμνό", "naga"; "Wein", "пиво", "кровь", "кокаин") (red teams 33 and 34).
After red team 35 also "shirtless", a sheer or see-through garment ("a sheer black lace top"; not
"sheer curtains") and French "nu". After red team 36 letters split by a run of marks ("n..u..d..e",
"n -- u -- d -- e") are joined too, and the words of other languages that are also ordinary words or
names are read in context ("a naga serpent queen", "Mr. Kurita", "a theatre trupa"). :data:`EXCEPT` reads innocent phrases out first ("cocktail
dress", "photo shoot", "smokey eye", "wine red", "nu metal", "a smoke machine", "smoke from the
chimney", "M16 Eagle Nebula"; of "nude lipstick" only the word "nude", so "wearing only nude heels"
is still "wearing only heels"), each in whole words, within one phrase of the prompt, and where
the phrase is also English for the forbidden thing only where it ends there ("the model shoots her husband",
"shooting day laborers" and "her gun" are violence; Turkish "her gün" is "every day"), "at" only
before a time or a place ("a movie shoot at dawn"; "the model shoot at the police" is violence), and
a tool or toy gun not where it is aimed or pressed ("the foam gun aimed at her head" is violence). The negative prompt is screened
for one thing only: asking the model to leave out *clothes* (in the listed languages too) or
"safe" pictures ("sfw", "censored", black bars, a mosaic) asks for nudity (:func:`negative_flags`);
asking it to avoid nudity is not nudity, nor are letterbox bars ("black bars, letterbox"), a
mosaic art style ("mosaic, tiles") or cropping ("tops of heads cut off") left out; bars or a mosaic
named with the body they cover ("black bars on nipples, widescreen") or with pixelation or a blur
("pixellated", "blur") are censoring still (red team 37).

Chinese, Japanese and Korean script is not read in Latin letters; its words for nudity and sex are
looked for as written (:data:`SCRIPT_WORDS`: "裸", "ヌード", "누드").

What a keyword screen cannot see, and a restricted grant therefore does not stop by itself:
wording it has no entry for (languages it does not list, CJK words for the other flags), and
pictures (an img2img source that is already nude). The studio says so in docs/ARCHITECTURE.md;
the person's approve-each-use grants are the way to see each request.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from consent.records import CONTENT_FLAGS

__all__ = ["content_flags", "negative_flags", "LEXICON", "EXCEPT", "CLOTHES", "SAFE", "SCRIPT_WORDS"]

#: groups an entry may name as ``{NAME}`` (see :func:`_regex`)
_GROUPS: dict[str, str] = {
    # what comes fused before a nudity root: "halfnaked", "seminude", "starknaked"
    "PART": "(half|semi|part|partly|partial|partially|almost|nearly|fully|full|stark|buck|totally|completely|"
            "mostly|all|topless|bottomless)",
    # whose garment: "with her clothes off", "taking off all his clothes"
    "WHOSE": "(her|his|their|my|your|all her|all his|all their|all of her|all of his|all of their|all my|all your)",
    # what is taken off ("with her bra off"; not "coat", "hat", "shoes")
    "GARMENT": "(clothes|clothing|garments|top|dress|shirt|t shirt|blouse|bra|underwear|panties|knickers|bikini|"
               "bikini top|swimsuit|pants|trousers|jeans|shorts|skirt|lingerie|robe|towel|nightgown|nightie)",
    # what a see-through or transparent piece is
    "WEAR": "(clothes|clothing|dress*|shirt*|t shirt*|top|tops|blouse*|lingerie|bikini*|swimsuit*|swimwear|"
            "bathing suit*|outfit*|gown*|robe*|nightgown*|nightie*|negligee*|bodysuit*|leotard*|underwear|bra|"
            "bras|panties|knickers|leggings|pants|trousers|shorts|skirt*|costume*)",
    # what may stand between "sheer"/"see-through" and the garment ("a sheer black lace top")
    "TINT": "(black|white|red|pink|blue|green|yellow|purple|violet|grey|gray|beige|cream|ivory|gold|golden|silver|"
            "lace|lacy|silk|silky|satin|chiffon|mesh|tulle|organza|voile|gauze|gauzy|linen|cotton|nylon|plastic|"
            "vinyl|latex|wet|thin|light|flowing|long|short|little|tiny|mini|maxi|midi|slip|evening|summer|night|"
            "floral|embroidered)",
    # what has a photo shoot ("a wedding shoot")
    "SHOOT": "(photo|fashion|film|video|movie|studio|editorial|product|wedding|engagement|portrait|magazine|beauty|"
             "cosplay|campaign|catalog|catalogue|lookbook|maternity|newborn|family|music video|commercial|location|"
             "promo|glamour|glamor|headshot|model|modeling|modelling)",
    # what a colour phrase names ("a wine red dress")
    "COLOURED": "(dress|dresses|gown|gowns|suit|suits|coat|jacket|blazer|sweater|shirt|blouse|top|skirt|scarf|hat|"
                "shoes|boots|heels|velvet|silk|satin|leather|lace|fabric|lipstick|nail polish|nails|hair|"
                "background|backdrop|wall|walls|curtains|sofa|car|colour|color|tone|tones|shade|hue)",
    # what "nude" is the colour of: makeup, shoes and bags, colour words (not garments: "a nude bodysuit")
    "NUDETONED": "(lipstick|lipsticks|lip|lips|lip gloss|lipgloss|lip liner|lipliner|gloss|makeup|make up|manicure|"
                 "nails|nail|nail polish|nail colour|nail color|polish|eyeshadow|eyeshadows|eye shadow|blush|"
                 "foundation|palette|palettes|heels|high heels|pumps|shoes|sandals|stilettos|flats|boots|handbag|"
                 "handbags|bag|bags|clutch|purse|belt|tights|stockings|hosiery|colour|color|colours|colors|tone|"
                 "tones|shade|shades|hue|hues|beige|pink|peach|brown|tan)",
    # what "wearing only ..." leaves on
    "SCANT": "(smile|body paint*|bodypaint*|paint|towel*|sheet*|blanket*|jewel*|necklace*|pearls|heels|high heels|"
             "stockings|socks|hat|thong|underwear|lingerie|bra|shadows|strategic*|leaves|fig leaf|fig leaves|"
             "bubbles|foam|glitter|tattoos|tie|apron|hair|long hair|"
             # a sheer or colour item read out elsewhere is all she wears: "wearing only sheer tights",
             # "in nude lipstick and nothing else" (red team 37)
             "tights|sheer tights|pantyhose|sheer pantyhose|nylons|sheer stockings|lipstick|lip gloss|makeup|"
             "make up|nail polish)",
}
#: flag -> words; "*" matches any letters (so "nude*" is a stem), "_" an optional space, "(a|b)" one
#: of (see :func:`_regex`); words are matched after :func:`_normalise` (lower case, no accents, other
#: scripts transliterated: "голая" -> "golaya"). Other languages: each one's inflected forms are
#: listed (a stem where no common word of another language starts with it: "razdet*", not "gol*",
#: which would be "golf" and "golden"), by language code.
LEXICON: dict[str, tuple[str, ...]] = {
    "nudity": (
        "nude*", "naked*", "topless", "nudit*", "undress*", "bare breast*", "unclothed", "lingerie", "nsfw",
        # everyday paraphrases
        "wearing nothing", "without clothes", "without any clothes", "without clothing",
        "without any clothing", "no clothes", "no clothing", "not wearing anything", "birthday suit", "disrob*",
        "unclad", "bottomless", "in the buff", "au naturel", "skinny dip*", "bare skin*", "full frontal",
        "exposed breast*", "exposed nipple*", "nipple*", "genital*", "see through clothes", "clothes removed",
        "clothing removed", "stripped naked", "strip naked",
        "(clothes|clothing) off", "{WHOSE} {GARMENT} off",  # "with her clothes off"
        "(take|takes|taking|took|taken|pull|pulls|pulling|pulled|strip*|remov*|peel*|shed*|rip|rips|ripping|"
        "ripped|tear|tears|tearing|tore|torn|slip|slips|slipping|slipped) off ({WHOSE} |all the )?{GARMENT}",
        "(remov*|strip*|shed*|discard*|unbutton*|unzip*|unhook*|unclasp*) {WHOSE} {GARMENT}",
        # a garment the body shows through ("a sheer dress", "a see-through black lace top", "her dress is
        # see-through"); not "sheer curtains", "sheer tights", "sheer cliffs", "transparent background"
        "(see_through|transparent|translucent|sheer) ({TINT} )?({TINT} )?{WEAR}",
        "{WEAR} (is |are |that is |which is |so |completely |totally |fully |almost |slightly )?see_through",
        "shirt_less", "bare_tors(o|os|i)", "braless", "pantiless", "pantyless", "going commando",
        "(not wearing|wearing no|without|with no|no) (a |any )?(bra|underwear|panties|knickers|undies)",
        "(not wearing|wearing no|without) (a |any )?(top|shirt|clothes|clothing|bikini top|pants|trousers|bottoms)",
        "(wearing|in|dressed in|clad in|clothed in|covered in|covered only in) (only|just|nothing but|nothing except) "
        "(a |an |her |his |their |some )?{SCANT}",
        "nothing but (a |an |her |his |their |some )?{SCANT}", "with nothing on", "{SCANT} and nothing else",
        "(wearing|in|dressed in|clad in) (only|just|nothing but|nothing except) (a pair of |her |his |their |some )?"
        "(sheer )?({TINT} )?({TINT} )?(tights|pantyhose|nylons|stockings|hosiery)",
        # compounds: a root fused to the word before it, and words made of one
        "{PART}_(naked*|nude*|nudity|undress*|unclothed)", "bare_(chest*|breast*|bottom*|butt*|bum*)",
        "nudis[mt]*", "naturis[mt]*",
        # other languages (Latin letters, or transliterated)
        "desnud*", "sin ropa*", "encuerad*", "en pelotas", "en cueros",  # es
        "nua", "nuas", "nudez", "sem roupa*",  # pt
        "nu", "nus", "nue", "nues", "sans vetement*", "deshabill*", "a poil",  # fr
        "nud[aoie]", "senza vestit*", "svestit[aoie]", "spogliat[aoie]",  # it
        "nackt*", "entbl*", "ohne kleid*", "unbekleidet*", "oben ohne", "entkleid*", "barbusig*", "fkk",  # de
        "naakt*", "bloot", "zonder kleren", "ontkle*",  # nl
        "rozebran*", "rozbier*", "nag(a|i|ie|iej|ich|im|imi|o|osc)", "bez ubran*",  # pl
        "gol(aya|aia|aja|yy|yi|yj|oi|oy|oj|uyu|uiu|uju|ogo|omu|om|ym|ymi|ykh|yh|ye|ie)", "golysh*",  # ru
        "nag(aya|aia|oi|oy|oj|uyu|ikh|ogo|ishom)", "obnazh*", "razdet*", "razdev*", "bez odezhd*",  # ru
        "gymn(o|os|oi|i|is|a|es|on|oy|oys|ou|ous)",  # el
        "ciplak*", "telanjang*", "bugil", "hadaka", "zenra",  # tr, id, ja
    ),
    "sexual_content": ("sex", "sexy", "sexual*", "eroti*", "porn*", "explicit", "seductive*", "fetish*", "nsfw",
                       "stripper*", "striptease", "strip club", "strip tease", "pole danc*", "lap danc*", "orgasm*",
                       "aroused", "kinky", "bdsm", "bondage", "hentai", "onlyfans", "playboy", "xxx", "lewd",
                       "sensual*", "provocative*", "in bed with", "making out", "intercourse", "escort*",
                       # compounds ("sexscene"; not "sextant", "Sexton")
                       "sex_(scene|tape|toy|doll|work|slave|shop|position|act|cam|chat|party)*", "sexting",
                       # other languages
                       "sexo", "sexe", "sesso", "seks*"),
    "politics": ("politic*", "election*", "campaign*", "vote", "voting", "ballot*", "president*", "senator*",
                 "congress*", "parliament*", "protest*", "rally", "rallies", "propaganda", "democrat*",
                 "republican*", "manifesto"),
    "endorsement": ("endors*", "sponsor*", "advert*", "commercial", "brand ambassador*", "testimonial*",
                    "holding a product", "promot*", "recommends", "spokes*"),
    "violence": ("violen*", "blood*", "gore", "gory", "weapon*", "gun", "guns", "gunpoint", "shoot*",
                 "stab", "stabs", "stabbed", "stabbing*", "stabber*",
                 "kill*", "murder*", "fight*", "assault*", "war", "wounded", "corpse*", "pistol*", "rifle*",
                 "firearm*", "revolver*", "shotgun*", "handgun*", "machine gun*", "machete*", "grenade*", "bomb", "bombs",
                 "bombing*", "bombed", "behead*", "execution*", "hostage*", "tortur*", "strangl*", "massacre*",
                 "bullet wound*", "bullet hole*", "dead body", "dead bodies", "knife to", "knifepoint", "at gunpoint",
                 # other languages
                 "pistola*", "fusil*", "arma", "armas", "armi", "armes", "sangre", "sangue", "sangrient*",
                 "ensangrentad*", "ensanguentad*", "insanguinat*", "sanguinos*", "sanglant*", "escopeta*",
                 "espingarda*", "fucile*", "tiroteo*", "balacera*", "asesin*", "assassin*", "omicidi*", "meurtr*",
                 "guerre", "fusillade*",  # es, pt, fr, it ("arme" is German for arms, "Guerra" a surname)
                 "waffe*", "gewehr*", "blut*", "erschoss*", "erschiess*", "schiesserei*", "schiesst", "schiessen",
                 "mord", "morde", "mordes", "ermord*", "morder*", "leiche*", "krieg", "kriege", "krieges",
                 "kriegs*", "gewalt*", "messerstech*", "getotet*", "getoetet*",  # de
                 "wapen*", "geweer*", "bloed*", "oorlog*", "moord*",  # nl
                 "karabin(u|em|y|a|ie)?", "krew", "krwi", "krwaw*", "wojn(a|y|ie|e)", "zabojst*", "morderst*",
                 "bron paln*",  # pl
                 "oruzh*", "krov", "krovi", "krovyu", "krovav*", "vintovk*", "ubiist*", "ubiits*", "strelba",
                 "strelyat*", "strelyaet", "trup", "trupy", "trupa", "trupom", "voin(a|y|e|u)",  # ru
                 "oplo", "oplon", "aima", "aimata",  # el
                 "silah*", "tabanca*", "senjata*", "darah", "perang", "pembunuh*",  # tr, id
                 # compounds ("gunfight", "gunman"; not "begun", "burgundy", "Gundam", "gunmetal grey")
                 "gun_(fight|man|men|shot|fire|play|sling|point|powder|smoke|battle|wound)*",
                 "(hand|shot|machine|sub machine|submachine|air|tommy)_gun*",
                 # named firearms (entries with digits are read on the text with its digits kept)
                 "ak_47*", "ak_74*", "ar_15*", "m_16*", "m4a1*", "mp_5*", "mp_40*", "glock*", "uzi", "uzis",
                 "kalashnikov*", "beretta*", "desert eagle*", "colt_45*", "sig sauer*", "smith (and )?wesson*",
                 "luger*", "derringer*", "mauser*", "sniper*", "carbine*", "musket", "muskets", "bazooka*",
                 "rocket launcher*", "flamethrower*", "molotov*"),
    "alcohol_tobacco": ("alcohol*", "beer*", "wine*", "whiske?y*", "whiskies", "vodka", "cocktail*", "drunk*",
                        "cigar*", "smok*", "tobacco", "vape*", "vaping", "vaper*", "bloody mary*", "champagne*", "prosecco", "tequila", "rum", "gin", "brandy",
                        "cognac", "bourbon", "liquor*", "booze*", "martini*", "mojito*", "shots of", "hookah*",
                        "nicotine", "e cig*",
                        # other languages
                        "vino", "vinho*", "cerveza*", "cerveja*", "birra*", "biere*", "tabac*", "tabak*", "fumando",
                        "fumar", "fumer", "fumant", "fumare", "borracho*", "bebad[ao]*", "ubriac*", "ivre",
                        "sbronz*",  # es, pt, fr, it
                        "bier", "bierglas*", "bierkrug*", "wein", "weine", "weins", "weinglas*", "weinflasche*",
                        "rotwein*", "weisswein*", "gluhwein*", "zigarett*", "zigarre*", "raucht", "rauchen*",
                        "rauchend*", "raucher*", "alkohol*", "betrunken*", "schnaps*", "sekt",  # de
                        "wijn", "wijnen", "wijnglas*", "sigaret*", "dronken", "rookt", "roken", "rokend*",  # nl
                        "piwo", "piwa", "piwem", "wodk*", "wino", "papieros*", "pijan*",  # pl
                        "piv(o|a|u|om|e)", "vodk*", "konyak*", "shampansk*", "alkogol*", "kurit", "kurite", "kurish", "kuryat", "kuryu",
                        "kuril", "kuril(a|i|o)", "kuritel*", "kurilshchi*", "kureni(e|ya|yu|em|i)", "kuryashch*",
                        "(za|po|pri)kur(it|il|ila|ili|ivat*|ivaet*|ivayu*)",  # not "kurit*": Kurita, kuritsa (hen)
                        "pyan[ayo]*",  # ru
                        "mpyra", "krasi", "tsigar*", "ouzo", "alkool",  # el
                        "bira", "sarap", "sigara*", "raki", "alkol*", "sarhos*", "rokok", "merokok", "mabuk",  # tr, id
                        ),
    "drugs": ("drug*", "cocain*", "heroin", "marijuana", "cannabis", "weed", "meth", "pills", "overdos*", "syringe*",
              "lsd", "ecstasy", "mdma", "opioid*", "fentanyl", "crack pipe", "narcotic*",
              "high on (drug*|weed|pot|coke|cocaine|crack|meth|pills|acid|lsd|heroin|something|ecstasy|mdma|molly|"
              "shrooms|mushrooms|magic mushrooms|glue|ketamine|opioids|opiates|dope|marijuana|cannabis|fentanyl)",
              "getting high", "get high", "gets high", "got high", "stoned",
              "snorting", "joint of weed", "ketamine", "spliff*",  # not "bong" alone: Bong Joon-ho
              "(smok*|roll*|light*|lit|puff*|pass*|tok*|hit*) (a |the |his |her |their |on a |on the |some )?"
              "(joint|joints|blunt|blunts|spliff|spliffs|bong|bongs|crack|meth|pot|dope|opium|hash|hashish|heroin)",
              # other languages
              "kokain*", "geroin*", "marihuan*", "marikhuan*", "kannabis", "narkot*", "narcoti*", "narkoman*",
              "narkoba", "droga", "drogas", "drogen", "drogue", "drogues", "drogad[ao]*", "drogat[aoi]",
              "rauschgift*", "amfetamin*", "anfetamin*", "amphetamin*", "metanfetamin*", "metamfetamin*",
              "uyusturucu*"),
    "religion": ("religio*", "church", "churches", "churchyard*", "churchgoer*", "mosque*", "temple*", "synagogue*", "pray*", "priest*", "imam*",
                 "rabbi", "rabbis", "rabbinic*", "bible*", "quran*", "koran*", "torah", "crucifix*"),
    "gambling": ("gambl*", "casino*", "poker", "roulette", "betting", "slot machine*", "lottery", "jackpot",
                 "blackjack", "baccarat", "bookmaker*", "sportsbook*", "bet on"),
}
#: flag -> innocent phrases made with one of its words, read out of the prompt before the flag's
#: words are looked for ("a cocktail dress" is no drink, "a photo shoot" no shooting). Each names
#: the innocent thing in full, in whole words (no "*" stems: "shooting star" is not "shooting
#: starving"), and none is read across a comma or other mark ("a glass of wine, red lipstick" is
#: wine). Where the phrase is also English for the forbidden thing ("the model shoots", "shooting
#: a video", "wine red"), it says what may follow or come before it (see :func:`_regex`): ``$``
#: the phrase's end, a mark or a conjunction ("the model shoots her husband" is shooting),
#: ``>`` those or a preposition ("a photo shoot in Paris"; "a wedding shoot-out" is shooting),
#: ``^`` the start of the prompt or of a phrase ("drinking wine red dress" is wine). Turkish "gün"
#: (day) is read with its "ü" only: "her gün" is "every day", "her gun" her gun.
EXCEPT: dict[str, tuple[str, ...]] = {
    "nudity": (
        # French "nu" is nude; in English it names music genres and a Greek letter
        "nu (metal|disco|jazz|soul|wave|rave|gaze|funk|punk|rock|house|folk|skool|school|breaks|prog|pop|age|era)",
        "(greek )?letter nu",
        # "nude" as a colour: only the word is read out, so "wearing only nude heels" is "wearing only heels"
        "nude~ {NUDETONED}",
        # Polish "naga" (naked) is also the serpent people of Hindu and Buddhist myth and fantasy art: read out
        # before a word of that kind, or after an English article or a myth word where the phrase ends
        # ("as a naga serpent queen", "the naga, fantasy art"); "naga kobieta", "a naga woman" stay nudity
        "naga~ (serpent|serpents|snake|snakes|queen|queens|king|kings|princess|prince|warrior|warriors|priestess|"
        "sorceress|goddess|god|gods|deity|deities|creature|creatures|statue|statues|sculpture|sculptures|carving|"
        "carvings|relief|tail|scales|temple|temples|city|kingdom|myth|mythology|lore|race|dragon|dragons|"
        "balustrade|staircase|hood|hoods|head|heads)",
        "(a|an|the|fantasy|mythical|mythological|hindu|buddhist|khmer|thai|cambodian|laotian|seven headed|"
        "multi headed|cobra) naga>",
    ),
    "alcohol_tobacco": (
        "cocktail (dress|dresses|gown|gowns|attire|ring|rings|hat|hats|frock|frocks|length|skirt|skirts|wear)",
        "(prawn|shrimp|fruit|seafood|molotov) (cocktail|cocktails)",
        "(smoky|smokey) (eye|eyes|makeup|make up|eyeshadow|eyeshadows|eye shadow|eyeliner|quartz|topaz|grey|gray|"
        "blue|look)",
        # a colour only in a colour phrase: "in a wine red dress", "dress, wine red"; not "glass of wine red lips"
        "(^|(a|an|the|her|his|their|my|your|in|deep|dark|rich) )wine (red|coloured|colored) {COLOURED}",
        "(^|in )wine red$",
        # smoke that is no one's smoking: a stage machine, a chimney, a fire, coloured smoke bombs
        "smoke (machine|machines|effect|effects|bomb|bombs|grenade|grenades|flare|flares|signal|signals|detector|"
        "detectors|alarm|alarms|stack|stacks|screen|screens|plume|plumes|trail|trails)",
        "(stage|theatrical|theatre|theater|fog machine|chimney|chimneys|campfire|bonfire|fire|wildfire|forest fire|"
        "wood|peat|braai|barbecue|bbq|grill|exhaust|factory|industrial|volcanic|incense|frankincense|battle|cannon|"
        "tyre|tire|engine|train|locomotive|steam) smoke>",
        # coloured smoke (smoke bombs, flares) at a phrase's start or after a few words ("fans in yellow smoke",
        # "flares, red smoke"); not "blowing pink smoke"
        "(^|(in|with|of|and|a|the|some|thick|french|italian|red|orange|yellow|green|blue|purple|pink|white) )"
        "(coloured|colored|red|orange|yellow|green|blue|purple|pink|violet|tricolor|tricolour|multicolored|"
        "multicoloured|rainbow) smoke>",
        "smoke (rising |billowing |pouring |drifting |curling |coming |trailing |rises |billows |pours |drifts |"
        "curls |comes )?(from|out of) (a |an |the |its |their )?(chimney|chimneys|fire|campfire|bonfire|fireplace|"
        "volcano|crater|factory|factories|smokestack|smokestacks|stall|stalls|food stalls|grill|barbecue|bbq|ruins|"
        "building|buildings|roof|rooftops|engine|exhaust|train|ship|steamship|locomotive|kiln|forge|cauldron|"
        "incense|censer|candle|candles|pyre|cannon|cannons)>",
        "kuril (islands|island|isles|chain|archipelago|lake|trench)",  # Russian "kuril" (smoked) is also the Kurils
        "(^|(a|an|the|her|his|their|in|deep|dark|rich|soft) )wine (colour|color|colours|colors|tone|tones|shade|"
        "shades|hue|hues)( palette| palettes| scheme| schemes)?$",
    ),
    "violence": (
        "{SHOOT} shoot>", "{SHOOT} shoots$",
        "{SHOOT} shoot (idea|ideas|concept|concepts|set|setup|session|sessions|style|aesthetic|lighting|"
        "look|looks|outfit|outfits|backdrop|moodboard|mood board|inspiration|behind the scenes|bts|poses)",
        "shoot (location|locations)>", "shooting (star|stars|location|locations|schedule|schedules|day|days)>",
        "shooting (a |the )?(film|movie|video|documentary|commercial|scene|music video|photo|photos|photograph|"
        "photographs)>",
        "(shoot|shoots|shooting) (hoops|baskets|pool|a three pointer|three pointers|a free throw|free throws|"
        "a jumper|a fadeaway|fadeaways|a fadeaway jumper|fadeaway jumpers|a jump shot|jump shots|a layup|layups|"
        "a three|threes)>",
        "(bamboo|green|new|fresh|spring|plant|young|tender|pea) shoots>",
        "(pillow|food|snowball|water balloon|splash) (fight|fights|fighting)",
        # a tool or toy gun only where its phrase ends and it is not aimed, pointed or pressed (past a mark too):
        # "a glue gun on the table", "kids with water guns, summer"; not "on the foam gun aimed at her head",
        # "the water gun pressed to her temple", "a nail gun to his head", "a water gun, pointed at him"
        # nor where a head, face or throat is its mark anywhere after it ("water gun, to her head", "under her chin")
        "(glue|staple|nail|water|squirt|heat|spray|caulk|caulking|massage|nerf|bubble|foam) (gun|guns)>!(% "
        "(aimed|aiming|aims|pointed|pointing|points|pressed|pressing|presses|held|holding|jammed|levelled|leveled|"
        "trained)|&(to|at|under|against|into|toward|towards|in) ((her|his|their|my|your|its|the|a|an|someone s|"
        "somebody s|one s) )?(own )?(head|heads|temple|temples|chin|chins|skull|skulls|face|faces|throat|throats|"
        "neck|necks|mouth|mouths|forehead|foreheads|chest|heart|ribs|eye|eyes|jaw|cheek|cheeks))",
        "bloody (mary|marys)",
        # a theatre troupe (Polish, Romanian "trupa"); Russian/Polish "trupa" (of a corpse) stays violence
        "(theatre|theater|theatrical|dance|circus|acting|comedy|touring|travelling|traveling|opera|ballet|puppet|"
        "drama|improv|folk|street) trupa",
        "trupa (teatralna|teatralnej|teatralny|taneczna|cyrkowa|aktorska|baletowa|operowa|de teatru|de dans|"
        "de circ|de balet)",
        # Turkish "gün" (day), with its "ü" only: sunset, sunrise, daylight, midday, all day; every day, one day
        "gün (batimi|batiminda|batimina|batimindan|batimiyla|dogumu|dogumunda|dogumuna|isigi|isiginda|isigiyla|"
        "ortasi|ortasinda|boyu|boyunca)", "(her|bir) gün",
        # the Eagle Nebula, Messier 16 ("M16 Eagle Nebula", "the Eagle Nebula (M16)"; not "Eagle Nebula, soldier
        # with an M16", "an M16 in the Eagle Nebula"); read on the text with its digits kept. "M16" then "nebula" only
        # in one piece: "holding an M16 (nebula)", "M16, Eagle Nebula" are a rifle (red team 37)
        "m_16 (the )?(eagle )?nebula", "(eagle )?nebula@? (the )?m_16$",
    ),
    "drugs": ("drug_store", "drug_stores"),
}
#: Garments and coverings: named in a negative prompt (what the model must leave out), they ask
#: for nudity ("clothes, clothing, swimsuit" in the negative prompt of "on the beach").
CLOTHES: tuple[str, ...] = (
    "cloth*", "clothed", "dress*", "shirt*", "t shirt*", "blouse*", "swimsuit*", "swimwear",
    "bikini*", "bathing suit*", "underwear", "bra", "bras", "panties", "knickers", "pants", "trousers", "jeans",
    "shorts", "skirt*", "garment*", "outfit*", "apparel", "attire", "covered", "covering", "coverings", "robe*",
    "towel*", "jacket*", "coat*", "sweater*", "costume*", "bodysuit*", "leotard*",
    "(tank|crop|tube|halter|bikini) top*", "tops", "leggings", "tights", "stockings", "lingerie", "hoodie*",
    "sweatshirt*", "swim trunks", "swimming trunks", "boardshorts", "board shorts", "briefs", "boxers",
    "pasties", "nipple cover*", "nipple tape*", "nipple pasties",
    # other languages
    "ropa", "vestid[oa]*", "sujetador*",  # es
    "roupa*",  # pt
    "vetement*", "maillot*",  # fr
    "vestit*", "abbigliament*",  # it
    "kleid*", "hemd*", "badeanzug*",  # de
    "kleding", "kleren", "jurk*",  # nl
    "ubran*", "odziez*",  # pl
    "odezhd*", "kupalnik*",  # ru
    "roycha", "roucha", "forema*",  # el
    "kiyafet*", "elbise*", "giysi*", "pakaian", "baju",  # tr, id
)
#: Words for "safe" pictures: a negative prompt that leaves them out asks for the opposite ("sfw,
#: censored, mosaic" is the everyday way to ask for nudity). "not safe for work" there is avoided
#: nudity (:data:`NEGATIVE_NOT`). Plain "pixelated" and "blurry" are quality words in negative prompts and
#: raise nothing; the black bars or pixelation *of the body* are censoring. Black bars and a mosaic are
#: read in their context (:data:`NEGATIVE_LETTERBOX`, :data:`NEGATIVE_MOSAIC_ART`).
SAFE: tuple[str, ...] = ("sfw", "safe for work", "censor*", "mosaic*", "modest*", "covered up", "family friendly",
                         "child friendly", "kid friendly", "black bar*", "blurred out",
                         "blurred (genitals|nipples|crotch)",
                         "pixelated (genitals|nipples|crotch|breasts|body)")
#: what in a negative prompt names no covering: avoided nudity, and cropping ("tops of heads cut off")
NEGATIVE_NOT: tuple[str, ...] = ("not safe for work",
                                 "(top|tops) of (the |her |his |their |a |an )?(head|heads|frame|image|picture|photo|"
                                 "hair)")
#: Black bars left out of a picture are letterboxing, not censor bars, where the negative prompt names
#: letterboxing too ("black bars, letterbox", "black bars, 2.39:1") and nothing that pairs with
#: censoring (:data:`NEGATIVE_CENSORING`); alone or next to "pixelated" they stay nudity.
NEGATIVE_LETTERBOX: tuple[str, ...] = ("letter_box*", "pillar_box*", "window_box*", "widescreen", "wide screen",
                                       "aspect ratio*", "cinemascope", "anamorphic", "cinematic*", "film bars",
                                       "2 39 1", "2 35 1", "2 40 1", "2 4 1", "21 9", "32 9")
#: A mosaic left out is the mosaic that censors a picture (the Japanese way: "censored, mosaic"),
#: even alone; it is the art style only where the negative prompt names that art too ("mosaic,
#: tiles, stained glass") and nothing that pairs with censoring.
NEGATIVE_MOSAIC_ART: tuple[str, ...] = ("tile*", "stained glass", "tessera*", "tessellat*", "mural*", "collage*",
                                        "byzantine", "terrazzo", "trencadis", "mosaic (art|pattern*|floor*|style|"
                                        "texture*|glass|wall*|mural*|tile*)")
#: what pairs black bars or a mosaic with censoring: pixelation in any spelling ("pixellated", "pixels"), a
#: blur ("blurry" is a quality word and pairs with nothing; "pixel art" is an art style), and each other
_PIXELATION = ("pixel! (art|style|font|fonts|perfect)", "pixels", "pixelat*", "pixellat*", "pixeliz*", "pixelis*",
               "pixeled", "pixelled", "blur", "blurs", "blurred", "blurring")
NEGATIVE_CENSORING: dict[str, tuple[str, ...]] = {"black bar*": _PIXELATION + ("mosaic*",),
                                                  "mosaic*": _PIXELATION + ("black bar*",)}
#: the body, named in the same item of the negative prompt as black bars or a mosaic: what they cover
#: ("black bars on nipples, widescreen", "mosaic over genitals, tiles") is censoring in any context
NEGATIVE_BODY: tuple[str, ...] = ("nipple*", "genital*", "breast*", "boob*", "tits", "crotch*", "groin*", "chest*",
                                  "private part*", "privates", "intimate part*", "pubic*", "vagina*", "vulva*",
                                  "penis*", "butt", "butts", "buttock*", "torso*", "body", "bodies",
                                  "naked*", "nude*", "nudit*")
#: flag -> words written in Chinese, Japanese or Korean script, which :func:`_normalise` drops (their
#: Latin readings made English words: "比尔" -> "bier"). They are looked for as written, in the
#: prompt's CJK characters run together (no spaces between words there; "ヌ ー ド", halfwidth "ﾇｰﾄﾞ"
#: are "ヌード"), after :data:`SCRIPT_EXCEPT` is read out where written in one piece. "裸" (naked, bare)
#: is one character of many words for nudity ("裸体", "全裸", "半裸", "裸の").
SCRIPT_WORDS: dict[str, tuple[str, ...]] = {
    "nudity": ("裸", "ヌード", "はだか", "ハダカ", "すっぽんぽん", "一丝不挂", "一絲不掛", "光着身子", "光著身子",
               "脱光", "누드", "알몸", "나체", "벌거벗", "발가벗"),
    "sexual_content": ("セックス", "ポルノ", "色情", "性爱", "性愛", "섹스", "포르노"),
}
#: words with "裸" that are no nudity: barefoot, the naked eye, a bare bulb, an open flame, bareback,
#: rye, gymnosperms, bare ground; and "nude" as a colour ("ヌードベージュ", "누드톤")
SCRIPT_EXCEPT: tuple[str, ...] = ("裸足", "裸脚", "裸眼", "裸電球", "裸灯", "裸火", "裸馬", "裸麦", "裸子植物", "裸地",
                                  "ヌードカラー", "ヌードベージュ", "ヌードピンク", "누드톤", "누드베이지", "누드핑크")
assert set(LEXICON) | set(SCRIPT_WORDS) <= CONTENT_FLAGS, (set(LEXICON) | set(SCRIPT_WORDS)) - CONTENT_FLAGS
_NOT_CJK = re.compile("[^\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                      "\uf900-\ufaff]+")


def _script_flags(prompt: str) -> frozenset[str]:
    """The flags of :data:`SCRIPT_WORDS` in ``prompt``'s CJK characters, run together."""
    if prompt.isascii():
        return frozenset()
    # an exception is read out only where it is written in one piece ("ヌードベージュ"), before the
    # other characters go: "ヌード、ベージュ" (nude, beige) and "裸、足を広げて" (naked, legs spread) are
    # no colour and no bare feet (red team 37)
    text = unicodedata.normalize("NFKC", prompt)
    for word in SCRIPT_EXCEPT:
        text = text.replace(word, "|")
    text = "|".join(_NOT_CJK.sub("", part) for part in text.split("|"))
    return frozenset(flag for flag, words in SCRIPT_WORDS.items() if any(w in text for w in words))

#: three or more single letters, each split from the next by one space, or by a run of marks with or
#: without spaces around and between them ("n u d e", "n/u/d/e", "n,u.d-e", "n - u - d - e",
#: "n. u. d. e.", "n..u..d..e", "n -- u -- d -- e", "n . . u . . d . . e")
_SPELLED = re.compile(r"\b[a-z]((?:\s*(?:[^\w\s]|_))+\s*|\s)[a-z](?:(?:(?:\s*(?:[^\w\s]|_))+\s*|\s)[a-z])+\b")


def _join_spelled(m: re.Match[str]) -> str:
    word = re.sub(r"[^a-z]", "", m.group(0))
    # "a n u d e", "a g/u/n": the article may be a word of its own, so both readings ("anude a nude")
    return f"{word} {word[0]} {word[1:]}" if word[0] in "ai" and m.group(1).isspace() else word


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


def _normalise(text: str, *, digits: bool = False, marks: bool = False) -> str:
    """``text`` in lower-case letters and single spaces; with ``digits``, digits are kept as they
    are ("ak 47") instead of read as letters ("n00de" -> "noode"); with ``marks``, a comma, full
    stop and the like stays as "|" (what :data:`EXCEPT`'s phrases are not read across)."""
    from anyascii import anyascii

    # Turkish "gün" (day) keeps its "ü" through accent stripping (with ``marks`` it stays "ü", so that
    # the Turkish phrases of :data:`EXCEPT` never read the English "gun" out; otherwise it is "u")
    t = re.sub("([gG])[\u00fc\u00dc]([nN])", "\\1\ue000\\2", unicodedata.normalize("NFC", text))
    t = unicodedata.normalize("NFKD", t)
    # no accents, and no format characters inside words (zero-width space, soft hyphen: "nu\u200bde")
    t = "".join(c for c in t if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    # every run of spaces (no-break, ideographic, ...) is one space, as the text encoder reads it
    # ("n  u  d  e" is "n u d e"); a run with a line break or tab stays one mark
    t = re.sub(r"\s+", lambda m: "\n" if re.search(r"[\n\r\t]", m.group()) else " ", t)
    # Cyrillic and Greek in Latin letters ("голая" -> "golaya"), the scripts whose words the lists
    # spell; not CJK, Thai or emoji, whose readings made English words ("比尔" -> "bier", 🐰 -> "rabbit")
    # the same for the Latin letters that have no accent to strip ("ß" -> "ss", "ł" -> "l", "ı" -> "i");
    # Cyrillic soft and hard signs are no letters ("кровь" -> "krov", not "krov'")
    t = re.sub("[ьъЬЪ]", "", t)
    t = "".join(anyascii(c) if "\u0370" <= c <= "\u04ff" or "\u00c0" <= c <= "\u024f" else c for c in t).lower()
    if not digits:
        t = t.translate(_LEET)
    # join single letters split by one space or by a run of marks, spaced or not: "n.u.d.e", "n u d e",
    # "n/u/d/e", "n, u, d, e", "n - u - d - e", "n. u. d. e.", "n..u..d..e", "n -- u -- d -- e" -> "nude"
    t = _SPELLED.sub(_join_spelled, t).replace("\ue000", "\u00fc" if marks else "u")
    if marks:
        # an opening bracket is a mark of its own ("\ue001"), so that "the Eagle Nebula (M16)" is told from
        # "Eagle Nebula, M16"
        t = re.sub(r"[(\[{]", " \ue001 ", t)
        t = re.sub(r"[,;:!?.()\[\]{}|/\\\n\r\t\"]", " | ", t)
        return re.sub(r"[^a-z0-9|\u00fc\ue001]+" if digits else r"[^a-z|\u00fc\ue001]+", " ", t)
    return re.sub(r"[^a-z0-9]+" if digits else r"[^a-z]+", " ", t)


#: words that may follow an exception phrase marked ``$`` (none makes its last word a verb with an
#: object), and with ``>`` also prepositions ("a photo shoot in Paris"), "at" only before a time or a
#: place of :data:`_AT_WHERE` ("a movie shoot at dawn", "a fashion shoot at the beach"): "at" is also
#: the preposition of a target ("the model shoot at the police", "Officer Green shoots at the crowd")
_FOLLOW = "and|or|but|for|of|with|is|are|was|were|featuring|starring"
_FOLLOW_LOOSE = _FOLLOW + ("|in|on|from|by|near|during|inside|outside|behind|before|after|over|under|above|below|"
                           "around")
#: what "at" may name after a ``>`` phrase: a time of day or a place where a photo shoot is held,
#: after a determiner and one plain adjective at most. Not a person, an animal, a crowd, the police,
#: and not the places of mass shootings (a school, a church, a concert, a party): "a photo shoot at
#: the school" is flagged where a grant forbids violence. A place's own name ("at Central Park")
#: is not known here either, so it is flagged too (errs towards flagging). The place ends the phrase
#: (a mark, a conjunction or a preposition follows): "at the studio's guard", "at the office workers" are
#: a target.
_AT_WHERE = (
    r"at\s+(?:(?:the|a|an|our|my|your|her|his|their|its|this|that|one|some)\s+)?"
    r"(?:(?:old|new|local|sunny|misty|foggy|snowy|rainy|rocky|sandy|empty|quiet|beautiful|famous|historic|little|"
    r"small|big|tiny|grand|rustic|hidden|private|botanical|national|city|seaside|golden|blue|green|white|wooden|"
    r"modern|vintage|abandoned|ancient|royal|open|outdoor|indoor|photo|film|home|main|early|late|first)\s+)?"
    r"(?:dawn|dusk|sunrise|sunset|sundown|daybreak|twilight|night|nightfall|midnight|noon|midday|morning|evening|"
    r"afternoon|golden hour|blue hour|first light|daylight|christmas|easter|halloween|weekend|home|sea|"
    r"beach|beaches|coast|seaside|shore|lake|lakeside|river|riverside|waterfront|harbour|harbor|port|pier|marina|"
    r"docks|lighthouse|island|bay|park|garden|gardens|meadow|field|fields|farm|ranch|barn|vineyard|orchard|forest|"
    r"woods|jungle|mountain|mountains|hills|cliffs|canyon|desert|dunes|glacier|waterfall|valley|studio|studios|"
    r"location|set|loft|warehouse|rooftop|roof|terrace|balcony|courtyard|castle|palace|chateau|villa|mansion|"
    r"estate|manor|hotel|resort|spa|museum|gallery|library|cafe|restaurant|bakery|boutique|shop|market|"
    r"greenhouse|conservatory|office|street|streets|alley|old town|downtown|city|skyline|bridge|station|"
    r"train station|airport|racetrack|track|stadium|arena|gym|pool|venue|ballroom|opera house|theatre|theater|"
    r"runway|fashion week|ruins)\b"
    # the place ends the phrase: not "the studio's guard", "the office workers" (red team 37)
    r"(?=\s*(?:[|\ue001]|$|(?:" + _FOLLOW_LOOSE + r")\b))"
)


def _regex(word: str) -> str:
    """One word-list entry as a regular expression (the lists' small syntax, read on
    :func:`_normalise`'s text of lower-case letters and single spaces): ``*`` any letters, a space
    one or more spaces, ``_`` an optional space (fused compounds: "half_naked" is "halfnaked" and
    "half naked"), ``(a|b)`` one of, ``[ao]`` one of those letters, ``?`` the one before may be
    left out, ``{NAME}`` one of :data:`_GROUPS`; for :data:`EXCEPT`, ``^`` not right after a word,
    ``$`` and ``>`` what may follow (:data:`_FOLLOW`), ``%`` a mark may stand here, ``@`` an opening
    bracket stands here, ``&`` anything up
    to a word's start may stand here, ``~`` what
    follows must be the rest but is not read out with it, ``!`` the rest must not follow."""
    word = re.sub(r"\{([A-Z]+)\}", lambda m: _GROUPS[m.group(1)], word)
    out = []
    ahead = False
    for c in word:
        if c in "~!":  # the rest must (with "!": must not) follow, and is not part of the match
            out.append("(?=" if c == "~" else "(?!")
            ahead = True
        elif c == "*":
            out.append("[a-z]*")
        elif c == " ":
            out.append(r"\s+")
        elif c == "&":  # anything may come here, up to a word's start: "water gun, finger on it, at her head"
            out.append(r"(?:.*[^a-z0-9])?")
        elif c == "@":  # an opening bracket comes here: "the Eagle Nebula (M16)"
            out.append(r"\s*\ue001")
        elif c == "%":  # a mark may come here: "a water gun, aimed at him"
            out.append(r"(?:\s*[|\ue001])?")
        elif c == "_":
            out.append(r"\s*")
        elif c == "(":
            out.append("(?:")
        elif c == "^":  # not right after a word: the text's or a phrase's start
            out.append(r"(?<![a-z]\s)(?<![a-z])")
        elif c == "$":  # what may follow: the end, a mark, a conjunction
            out.append(r"(?=\s*(?:[|\ue001]|$|(?:" + _FOLLOW + r")\b))")
        elif c == ">":  # those, or a preposition ("at" only before a time or place: _AT_WHERE)
            out.append(r"(?=\s*(?:[|\ue001]|$|(?:" + _FOLLOW_LOOSE + r")\b|" + _AT_WHERE + "))")
        elif c in "|)[]?" or c.isalnum():
            out.append(c)
        else:
            raise ValueError(f"content word list: {c!r} in {word!r}")
    return "".join(out) + (r"\b)" if ahead else "")


def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:" + "|".join(_regex(w) for w in words) + r")\b") if words else None


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """flag -> (its words without digits, read on the text with digits read as letters; its
    words with digits, "ak_47", read on the text with its digits kept)."""
    return {flag: (_pattern(tuple(w for w in words if not _has_digit(w))),
                   _pattern(tuple(w for w in words if _has_digit(w))))
            for flag, words in LEXICON.items()}


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, re.Pattern[str]]:
    assert not any("*" in p for ps in EXCEPT.values() for p in ps), "EXCEPT phrases are whole words"
    return {flag: _pattern(phrases) for flag, phrases in EXCEPT.items()}


@lru_cache(maxsize=1)
def _clothes() -> re.Pattern[str]:
    return _pattern(CLOTHES + SAFE)


def content_flags(prompt: str, negative_prompt: str = "") -> frozenset[str]:
    """The content flags a prompt touches (empty for an empty prompt), with those its negative
    prompt asks for (:func:`negative_flags`)."""
    flags = negative_flags(negative_prompt)
    if not prompt:
        return flags
    flags |= _script_flags(prompt)
    with_marks, with_digits = _normalise(prompt, marks=True), _normalise(prompt, digits=True, marks=True)
    exceptions = _exceptions()

    def read(text: str, flag: str) -> str:
        text = exceptions[flag].sub(" ", text) if flag in exceptions else text
        return text.replace("|", " ").replace("\ue001", " ").replace("\u00fc", "u")

    for flag, (pat, digit_pat) in _patterns().items():
        if pat.search(read(with_marks, flag)) or (digit_pat is not None and digit_pat.search(with_digits)
                                                  and digit_pat.search(read(with_digits, flag))):
            flags |= {flag}
    return flags


def negative_flags(negative_prompt: str) -> frozenset[str]:
    """What a negative prompt asks for by leaving it out: garments and coverings, or "safe"
    pictures ("sfw", "censored", black bars, a mosaic), left out are nudity. Anything else in it (even
    "nude", "not safe for work": avoiding nudity; "tops of heads cut off": cropping; black bars with
    "letterbox", a mosaic with "tiles": letterboxing and an art style) raises nothing."""
    if not negative_prompt:
        return frozenset()
    pats = _negative_patterns()
    text = pats["not"].sub(" ", _normalise(negative_prompt))
    # letterbox black bars and a mosaic art style, each known by its context (NEGATIVE_LETTERBOX,
    # NEGATIVE_MOSAIC_ART) and read out unless a censoring word pairs with it (decided before either goes)
    context = {"black bar*": pats["letterbox"].search(_normalise(negative_prompt, digits=True)),
               "mosaic*": pats["mosaic_art"].search(text)}
    # an item that names black bars or a mosaic and the body they cover is censoring ("black bars on nipples")
    items = [pats["not"].sub(" ", item) for item in _normalise(negative_prompt, marks=True).split("|")]
    read_out = [pats[word] for word, cue in context.items() if cue and not pats[word + " censoring"].search(text)
                and not any(pats[word].search(item) and pats["body"].search(item) for item in items)]
    for pat in read_out:
        text = pat.sub(" ", text)
    return frozenset({"nudity"}) if _clothes().search(text) else frozenset()


@lru_cache(maxsize=1)
def _negative_patterns() -> dict[str, re.Pattern[str]]:
    pats = {"not": _pattern(NEGATIVE_NOT), "letterbox": _pattern(NEGATIVE_LETTERBOX),
            "mosaic_art": _pattern(NEGATIVE_MOSAIC_ART), "body": _pattern(NEGATIVE_BODY)}
    for word, cues in NEGATIVE_CENSORING.items():
        pats[word] = _pattern((word,))
        pats[word + " censoring"] = _pattern(cues)
    return pats
