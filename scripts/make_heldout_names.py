"""Build the held-out prompt set for name detection (``tests/data/names_heldout.jsonl``).

This set is made by a different method than the tuning set (``tests/data/names_dev.jsonl``,
hand-written prompt by prompt): prompts are *generated* from source lists below that share
no person with the tuning set, by filling sentence templates and applying evasions in code,
with a fixed random seed. It is never used to tune the detector: the evaluation prints only
its rates (its misses only with ``--show-heldout``).

Person sources: a roster written by region x field (Africa, Asia, Middle East, Europe,
the Americas, Oceania; politics, film, music, sport, business, science, history).
Clean sources: places, landmarks, brands and products, breeds, artworks, styles, fictional
characters and everyday scenes, listed here by category.

Usage: python scripts/make_heldout_names.py   (rewrites the file; output is deterministic)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "names_heldout.jsonl"

PEOPLE = [  # (name, region, field)
    ("Chimamanda Ngozi Adichie", "africa", "letters"), ("Wole Soyinka", "africa", "letters"),
    ("Mohamed Salah", "africa", "sport"), ("Didier Drogba", "africa", "sport"), ("Sadio Mané", "africa", "sport"),
    ("Trevor Noah", "africa", "film"), ("Lupita Nyong'o", "africa", "film"), ("Cyril Ramaphosa", "africa", "politics"),
    ("Paul Kagame", "africa", "politics"), ("Ellen Johnson Sirleaf", "africa", "politics"),
    ("Haile Gebrselassie", "africa", "sport"), ("Angélique Kidjo", "africa", "music"), ("Fela Kuti", "africa", "music"),
    ("Desmond Tutu", "africa", "history"), ("Kofi Annan", "africa", "politics"), ("Wangari Maathai", "africa", "science"),
    ("Eliud Kipchoge", "africa", "sport"), ("Yemi Alade", "africa", "music"), ("Aliko Dangote", "africa", "business"),
    ("Shah Rukh Khan", "asia", "film"), ("Priyanka Chopra", "asia", "film"), ("Amitabh Bachchan", "asia", "film"),
    ("Virat Kohli", "asia", "sport"), ("Sachin Tendulkar", "asia", "sport"), ("Narendra Modi", "asia", "politics"),
    ("Xi Jinping", "asia", "politics"), ("Jack Ma", "asia", "business"), ("Yao Ming", "asia", "sport"),
    ("Gong Li", "asia", "film"), ("Hayao Miyazaki", "asia", "film"), ("Shohei Ohtani", "asia", "sport"),
    ("Haruki Murakami", "asia", "letters"), ("Yoko Ono", "asia", "music"), ("Kim Jong Un", "asia", "politics"),
    ("Son Heung-min", "asia", "sport"), ("Ban Ki-moon", "asia", "politics"), ("Imran Khan", "asia", "politics"),
    ("Benazir Bhutto", "asia", "history"), ("Aung San Suu Kyi", "asia", "politics"), ("Manny Pacquiao", "asia", "sport"),
    ("Michelle Yeoh", "asia", "film"), ("Bong Joon-ho", "asia", "film"), ("Deepika Padukone", "asia", "film"),
    ("Jet Li", "asia", "film"), ("Ratan Tata", "asia", "business"), ("Masayoshi Son", "asia", "business"),
    ("Recep Tayyip Erdoğan", "mideast", "politics"), ("Benjamin Netanyahu", "mideast", "politics"),
    ("Gal Gadot", "mideast", "film"), ("Mohammed bin Salman", "mideast", "politics"), ("Omar Sharif", "mideast", "film"),
    ("Queen Rania", "mideast", "politics"), ("Zaha Hadid", "mideast", "architecture"),
    ("Olaf Scholz", "europe", "politics"), ("Giorgia Meloni", "europe", "politics"), ("Pedro Sánchez", "europe", "politics"),
    ("Volodymyr Zelensky", "europe", "politics"), ("Vladimir Putin", "europe", "politics"), ("Rishi Sunak", "europe", "politics"),
    ("Keir Starmer", "europe", "politics"), ("Ursula von der Leyen", "europe", "politics"), ("Kylian Mbappé", "europe", "sport"),
    ("Zinedine Zidane", "europe", "sport"), ("Luka Modrić", "europe", "sport"), ("Novak Djokovic", "europe", "sport"),
    ("Rafael Nadal", "europe", "sport"), ("Erling Haaland", "europe", "sport"), ("Ed Sheeran", "europe", "music"),
    ("Dua Lipa", "europe", "music"), ("Harry Styles", "europe", "music"), ("Penélope Cruz", "europe", "film"),
    ("Javier Bardem", "europe", "film"), ("Marion Cotillard", "europe", "film"), ("Monica Bellucci", "europe", "film"),
    ("Sophia Loren", "europe", "film"), ("Mads Mikkelsen", "europe", "film"), ("Daniel Craig", "europe", "film"),
    ("Idris Elba", "europe", "film"), ("Judi Dench", "europe", "film"), ("Benedict Cumberbatch", "europe", "film"),
    ("Emma Thompson", "europe", "film"), ("Greta Gerwig", "americas", "film"), ("Lin-Manuel Miranda", "americas", "music"),
    ("Gabriel García Márquez", "americas", "letters"), ("Lula da Silva", "americas", "politics"),
    ("Javier Milei", "americas", "politics"), ("Diego Maradona", "americas", "sport"), ("Gustavo Petro", "americas", "politics"),
    ("Salma Hayek", "americas", "film"), ("Guillermo del Toro", "americas", "film"),
    ("Alexandria Ocasio-Cortez", "americas", "politics"), ("Michelle Obama", "americas", "politics"),
    ("Joe Rogan", "americas", "media"), ("Kim Kardashian", "americas", "media"), ("Kanye West", "americas", "music"),
    ("Snoop Dogg", "americas", "music"), ("Dolly Parton", "americas", "music"), ("Billie Eilish", "americas", "music"),
    ("Olivia Rodrigo", "americas", "music"), ("Simone Biles", "americas", "sport"), ("Tom Brady", "americas", "sport"),
    ("Stephen Curry", "americas", "sport"), ("Kobe Bryant", "americas", "sport"), ("Muhammad Ali", "americas", "sport"),
    ("Martha Stewart", "americas", "media"), ("Margaret Atwood", "americas", "letters"), ("Celine Dion", "americas", "music"),
    ("Ryan Gosling", "americas", "film"), ("Mark Ruffalo", "americas", "film"), ("Viola Davis", "americas", "film"),
    ("Sandra Bullock", "americas", "film"), ("Cate Blanchett", "oceania", "film"), ("Chris Hemsworth", "oceania", "film"),
    ("Margot Robbie", "oceania", "film"), ("Kylie Minogue", "oceania", "music"), ("Anthony Albanese", "oceania", "politics"),
    ("Russell Crowe", "oceania", "film"), ("Steve Irwin", "oceania", "media"), ("Taika Waititi", "oceania", "film"),
    ("Stephen Hawking", "world", "science"), ("Jane Goodall", "world", "science"), ("Neil deGrasse Tyson", "world", "science"),
    ("Tim Cook", "world", "business"), ("Sundar Pichai", "world", "business"), ("Satya Nadella", "world", "business"),
    ("Sam Altman", "world", "business"), ("Jensen Huang", "world", "business"), ("Larry Page", "world", "business"),
    ("Ada Lovelace", "world", "science"), ("Alan Turing", "world", "science"), ("Carl Sagan", "world", "science"),
    ("Rosa Parks", "world", "history"), ("Che Guevara", "world", "history"), ("Fidel Castro", "world", "history"),
    ("Mao Zedong", "world", "history"), ("Napoleon Bonaparte", "world", "history"), ("Genghis Khan", "world", "history"),
    ("Nikola Tesla", "world", "science"), ("Ruth Bader Ginsburg", "world", "politics"), ("Jacques Cousteau", "world", "science"),
]
SINGLE = ["Rihanna", "Beyoncé", "Shakira", "Pelé", "Drake", "Eminem", "Zelensky", "Putin", "Modi", "Neymar", "Björk",
          "Lorde", "Stromae", "Rosalía", "Cher", "Bono", "Adele", "Kardashian", "Mbappé", "Erdoğan", "Netanyahu",
          "Maradona", "Djokovic", "Ronaldinho", "Akon", "Sting", "Usher", "Seal", "Tendulkar", "Kohli"]
NICK = [('Dwayne "The Rock" Johnson'), ('Earvin "Magic" Johnson'), ("Marshall 'Slim Shady' Mathers"),
        ('Calvin "Snoop" Broadus'), ("Edson 'Pelé' Nascimento"), ('Stefani "Gaga" Germanotta'),
        ('Shawn "Jay-Z" Carter'), ('Robyn "Riri" Fenty'), ('Curtis "50 Cent" Jackson'), ("Allen 'The Answer' Iverson")]
DESCR = ["the 45th president of the United States", "the founder of Amazon", "the prime minister of Japan",
         "the CEO of Microsoft", "the current pope", "the king of Spain", "the first president of South Africa",
         "the founder of Facebook", "the president of Brazil", "the lead singer of Coldplay",
         "the chancellor of Germany", "the 16th president of the United States"]
NONLATIN = ["владимир путин", "Владимир Зеленский", "нарендра моди", "Илон Маск", "дональд туск", "Ρίχαννα",
            "नरेंद्र मोदी", "शाहरुख़ ख़ान", "习近平", "成龙", "ウラジーミル・プーチン", "レディー・ガガ", "김정은",
            "ليونيل ميسي", "בנימין נתניהו", "Τζένιφερ Άνιστον"]
CONTEXTS = ["{} at a press conference", "a portrait of {} in soft light", "{} walking on a beach at sunset",
            "{} on the red carpet, flash photography", "oil painting of {} as a medieval knight", "{} eating noodles",
            "candid photo of {} laughing", "{} in a spacesuit on the moon", "a statue of {} in a park",
            "{} riding a bicycle through Amsterdam", "{} giving a speech", "{} holding a puppy",
            "cartoon of {} dancing", "{} wearing a tuxedo", "{}, 35mm film photo", "{} in a kitchen cooking pasta",
            "a mural of {} on a brick wall", "{} as a superhero", "{} reading a newspaper in a cafe",
            "{} shaking hands with a robot"]
LOOKALIKE = {"a": "а", "e": "е", "o": "ο", "i": "і", "c": "с", "p": "р", "y": "у", "x": "х", "l": "ӏ", "s": "ѕ",
             "A": "Α", "E": "Ε", "O": "Ο", "T": "Т", "M": "М", "K": "Κ", "B": "В", "H": "Н", "P": "Р", "C": "С"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u007f", "\u0008"]

CLEAN = {
    "place": ["Kyoto", "Marrakesh", "Reykjavik", "Patagonia", "the Scottish Highlands", "Cappadocia", "Santorini",
              "Havana", "Lisbon", "Cape Town", "Hanoi", "the Amalfi Coast", "Banff National Park", "Yosemite Valley",
              "Lake Como", "Petra", "Bruges", "Dubrovnik", "Zanzibar", "Queenstown", "Lake Louise", "Saint Petersburg",
              "Victoria Harbour", "Alexandria", "Jackson Hole", "Charlotte, North Carolina", "Mount Kilimanjaro",
              "the Dead Sea", "Chichen Itza", "Angkor Wat", "Sedona", "Salzburg", "Valparaíso", "Montreal", "Jaipur",
              "San Sebastián", "St. Moritz", "Mont Saint-Michel", "Lake Titicaca", "Ha Long Bay"],
    "landmark": ["the Colosseum", "Stonehenge", "the Leaning Tower of Pisa", "the Statue of Liberty", "Mount Rushmore",
                 "the Brandenburg Gate", "the Sagrada Familia", "Neuschwanstein Castle", "the Hagia Sophia",
                 "the Christ the Redeemer statue", "Tower Bridge", "the Empire State Building", "Edinburgh Castle",
                 "Westminster Abbey", "the Forbidden City", "the Lincoln Memorial", "Hoover Dam", "the Parthenon",
                 "Windsor Castle", "the Louvre pyramid"],
    "brand": ["a Rolex watch", "a Gucci bag", "a Land Rover Defender", "an iPhone", "a Fender Stratocaster",
              "a Gibson Les Paul", "a Dyson vacuum", "a Le Creuset pot", "a Toyota Corolla", "a Jeep Wrangler",
              "a Vespa scooter", "a Leica camera", "a Kitchenaid mixer", "a PlayStation controller", "a Tesla Model S",
              "a Honda Civic", "a Chevrolet Corvette", "a Bugatti Chiron", "a Dodge Charger", "Ray-Ban sunglasses",
              "a Patagonia jacket", "a Hermès scarf", "Converse sneakers", "a Lego set", "a Polaroid camera",
              "a Martin acoustic guitar", "a Casio watch", "a Nissan Skyline", "a Maserati", "a Steinway piano",
              "an Aston Martin DB5", "a Ducati Monster", "a Jaguar E-Type", "Levi's jeans", "a Burberry trench coat",
              "a bottle of Jameson", "a can of Campbell's soup", "a Hennessy bottle", "a Cadillac Eldorado",
              "a Lincoln Continental"],
    "breed": ["a Bernese mountain dog", "a Labrador retriever", "a Great Dane", "a Saint Bernard", "a border collie",
              "a Maine Coon cat", "a Siamese cat", "a Shetland pony", "a Yorkshire terrier", "a Doberman",
              "a Rhodesian Ridgeback", "a Cavalier King Charles spaniel", "a Clydesdale horse", "an Irish setter",
              "a Bengal cat", "a French bulldog", "an Australian shepherd", "a Boston terrier", "a Welsh corgi",
              "a Jack Russell"],
    "art": ["The Starry Night", "the Girl with a Pearl Earring", "The Birth of Venus", "The Great Wave off Kanagawa",
            "The Persistence of Memory", "American Gothic", "The Scream", "Water Lilies", "The Last Supper",
            "Nighthawks", "the Venus de Milo", "Michelangelo's David"],
    "style": ["in the style of art deco", "ukiyo-e", "in a Bauhaus style", "cubist", "Pre-Raphaelite", "Rococo",
              "Studio Ghibli style", "Pixar style", "Impressionist", "Art Nouveau", "Dutch Golden Age",
              "Victorian era", "Edwardian", "Gothic Revival", "Memphis design", "Brutalist"],
    "fiction": ["Sherlock Holmes", "Mickey Mouse", "Darth Vader", "Spider-Man", "Wonder Woman", "Winnie the Pooh",
                "Peter Pan", "Pikachu", "Shrek", "Gandalf", "Frodo Baggins", "Captain Nemo", "Robin Hood",
                "Alice in Wonderland", "Dracula", "Frankenstein's monster", "Captain America", "Hello Kitty",
                "Super Mario", "Donald Duck"],
}
NAMES_A_PERSON = {"Michelangelo's David"}
CLEAN_CONTEXTS = {
    "place": ["a postcard of {}", "{} at dusk, long exposure", "street market in {}", "aerial photo of {}",
              "watercolor of {} in spring", "{} under snow"],
    "landmark": ["{} at sunrise", "a miniature model of {}", "{} in a thunderstorm", "tourists in front of {}"],
    "brand": ["{} on a wooden table", "product photo of {}", "{} in the rain", "close-up of {}, studio lighting"],
    "breed": ["{} playing in the snow", "portrait of {} with a red collar", "{} sleeping on a sofa"],
    "art": ["{} reimagined in Lego", "a museum wall with {}", "{} as a mosaic"],
    "style": ["a city street, {}", "a teapot, {}", "a mountain village {}"],
    "fiction": ["{} in a snowy forest", "a plush toy of {}", "{} drawn as a children's book illustration"],
}
EVERYDAY = ["a cozy reading nook with a cat", "a bowl of pho with fresh herbs", "a bicycle leaning on a fence",
            "kids flying kites on a hill", "a farmer's market in the morning", "a lighthouse keeper's cottage",
            "fresh croissants on a baking tray", "a woman jogging in a park at dawn", "an old man feeding pigeons",
            "a wedding cake with blue flowers", "a grandmother knitting by the fire", "a surfer riding a big wave",
            "a toddler splashing in a puddle", "a teacher writing on a chalkboard", "a barista pouring latte art",
            "a chef plating a dessert", "a fisherman mending nets", "a couple dancing tango in the street",
            "a firefighter holding a hose", "a nurse in scrubs smiling", "a family picnic by a lake",
            "a girl named Lily with a balloon", "a boy called Max with his dog", "a detective in a trench coat",
            "a jazz band in a smoky club", "a snowboarder mid-air", "a sailor on a stormy deck",
            "a shepherd with his flock", "a baker named Rose at dawn", "May flowers in a vase"]


def _cased(name: str, how: str) -> str:
    return {"lower": name.lower(), "upper": name.upper(), "title": name}[how]


def _evade(rng: random.Random, name: str, family: str) -> str:
    if family == "lower":
        return name.lower()
    if family == "upper":
        return name.upper()
    if family == "spaced":
        return " ".join(name.replace(" ", "  "))
    if family == "dotted":
        return ".".join(c for c in name.replace(" ", "") if c.isalpha()).upper()
    if family == "gaps":
        return rng.choice(["    ", ".....", " .  . ", "\t\t", " -- ", "_"]).join(name.split())
    if family == "joined":
        return rng.choice(["{}", "#{}", "<{}>", "@{}"]).format(
            rng.choice(["".join(name.split()), "".join(name.lower().split()), "".join(name.title().split())]))
    if family == "lookalike":
        chars = list(name)
        idx = [i for i, c in enumerate(chars) if c in LOOKALIKE]
        for i in rng.sample(idx, min(len(idx), rng.randint(1, 3))):
            chars[i] = LOOKALIKE[chars[i]]
        return "".join(chars)
    if family == "invisible":
        cut = rng.randint(1, max(1, len(name) - 2))
        return name[:cut] + rng.choice(INVISIBLE) + name[cut:]
    return name


def main() -> None:
    rng = random.Random(20240611)
    rows: list[dict] = []

    def add(prompt: str, person: bool, family: str) -> None:
        rows.append({"prompt": prompt, "person": person, "family": family, "split": "heldout"})

    families = ["plain", "plain", "lower", "upper", "spaced", "dotted", "gaps", "joined", "lookalike", "invisible"]
    for k, (name, _region, _field) in enumerate(PEOPLE):
        fam = families[k % len(families)]
        add(rng.choice(CONTEXTS).format(_evade(rng, name, fam)), True, fam)
    for name in SINGLE:
        add(rng.choice(CONTEXTS).format(name), True, "single")
    for name in NICK:
        add(rng.choice(CONTEXTS).format(name), True, "nickname")
    for text in DESCR:
        add(rng.choice(CONTEXTS).format(text), True, "description")
    for text in NONLATIN:
        add(rng.choice(CONTEXTS).format(text), True, "non-latin")
    for cat, items in CLEAN.items():
        for item in items:
            if item in NAMES_A_PERSON:  # a work named by its maker names a real person: a denial is right
                add(rng.choice(CLEAN_CONTEXTS[cat]).format(item), True, "artist")
            else:
                add(rng.choice(CLEAN_CONTEXTS[cat]).format(item), False, cat)
    for p in EVERYDAY:
        add(p, False, "everyday")
    # a few clean prompts in other cases, as users type them
    for p in rng.sample([r["prompt"] for r in rows if not r["person"]], 24):
        add(rng.choice([p.lower(), p.upper()]), False, "case")
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    people = len(PEOPLE) + len(SINGLE) + len(NICK) + len(DESCR) + len(NONLATIN)
    print(f"{OUT.name}: {sum(r['person'] for r in rows)} person prompts ({people} people), "
          f"{sum(not r['person'] for r in rows)} clean")


if __name__ == "__main__":
    main()
