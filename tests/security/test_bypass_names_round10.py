"""Round 10: knowledge of things named after people, pinned with prompts written for this file
(none is copied from a prompt set).

Held-out #7 (scored blind after round 9) became a tuning set in round 10. Its false denials came
from long prompts full of things named after someone; each fix adds knowledge of such a thing
(a sampler's name in a generation setting, a unit, a telescope, a listed eponym, "the rock" as a
rock) and both directions are pinned: the clean prompt now allowed, and the same word used as a
person still denied.
"""

from __future__ import annotations

import pytest
from names_support import withdrawn

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _denied(matcher: NameMatcher, prompt: str) -> bool:
    return bool(matcher.find(prompt))


# --- a sampler's name in a generation setting --------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "prompt: >\n  a lighthouse on a cliff at dusk\nsteps: 30\nsampler: Euler a\ncfg_scale: 6",
    '{"prompt": "a bowl of ramen, steam", "sampler_name": "euler_a", "cfg": 7}',
    '{"prompt": "a foggy harbour", "sampler": "DPM++ 2M Karras", "seed": 7}',
    "a mossy forest path, 30 steps, DPM++ 2M Karras, cfg 6",
    "scheduler: Heun, a quiet snowy village at night",
])
def test_a_sampler_named_after_someone_is_the_sampler(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "sampler: Euler a\nportrait of Euler at his desk, wig, oil painting",  # the value ends at the line
    "sampler: Euler a, Leonhard Euler writing at a desk",
    "Euler a mathematician in a powdered wig",  # no setting: the man
    "portrait of Euler, 18th century",
    "Tero Karras giving a talk on a stage",
])
def test_the_people_behind_sampler_names_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- units and things named after a scientist -----------------------------------------------

@pytest.mark.parametrize("prompt", [
    "a thermometer reading 20 degrees Celsius on a frosty window",
    "a poster of thermometers in Celsius and Fahrenheit side by side",
    withdrawn("the Hubble Space Telescope orbiting above the clouds", "the thing's-noun rule and these listed eponyms (Einstein ring, Faraday cage)", 19),
    withdrawn("the James Webb Space Telescope unfolding its golden mirror", "the thing's-noun rule and these listed eponyms (Einstein ring, Faraday cage)", 19),
    withdrawn("Hubble deep field full of galaxies", "the thing's-noun rule and these listed eponyms (Einstein ring, Faraday cage)", 19),
    withdrawn("an Einstein ring around a distant galaxy, deep space image", "the thing's-noun rule and these listed eponyms (Einstein ring, Faraday cage)", 19),
    withdrawn("a Faraday cage with sparks hitting it, science museum", "the thing's-noun rule and these listed eponyms (Einstein ring, Faraday cage)", 19),
    withdrawn("poster for Parkinson's Awareness Month with a red tulip", "the thing's-noun rule and these listed eponyms (Einstein ring, Faraday cage)", 19),
])
def test_a_thing_named_after_a_scientist_is_the_thing(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "portrait of Celsius in a powdered wig",
    "portrait of Hubble",
    "Hubble at his telescope on Mount Wilson",
    "Einstein smiling with his tongue out",
    "Einstein in a boxing ring",
    "Faraday lecturing at the Royal Institution",
    "Muhammad Ali ring walk, robe, crowd",
    "James Webb smiling at his desk",
    "Elon Musk comet smiling",  # a word for what people do after the thing's noun: the person
    "Einstein disease poster of him smiling",
])
def test_the_scientists_themselves_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- listed eponyms: drinks, a dish, a breed, a tower, fictional people ------------------------

@pytest.mark.parametrize("prompt", [
    withdrawn("a Shirley Temple mocktail with a maraschino cherry at a diner", "the listed drinks and titles that hold a famous person's name (Shirley Temple, Arnold Palmer, Le Petit Prince)", 19),
    withdrawn("an Arnold Palmer drink on a porch rail, half iced tea", "the listed drinks and titles that hold a famous person's name (Shirley Temple, Arnold Palmer, Le Petit Prince)", 19),
    "Oysters Rockefeller on crushed ice with lemon",
    "our Cavalier King Charles asleep on a beanbag",
    "la Tour Eiffel sous la neige, carte postale",
    withdrawn("Le Petit Prince sur son astéroïde, aquarelle", "the listed drinks and titles that hold a famous person's name (Shirley Temple, Arnold Palmer, Le Petit Prince)", 19),
    "Luna Lovegood reading an upside-down magazine, cosplay",
    "Don Quixote and Sancho Panza on the plain",
    "a Mario Kart race on a handheld console",
])
def test_a_listed_thing_named_after_someone_is_the_thing(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Shirley Temple smiling with ringlets, 1930s studio photo",
    "Arnold Palmer swinging a golf club at Augusta",
    "John D. Rockefeller in a top hat",
    "King Charles waving from the palace balcony",
    "Gustave Eiffel standing on his tower",
    "Roland Petit rehearsing a ballet",
])
def test_the_people_the_listed_things_are_named_after_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- "the rock", "the edge" as a rock and an edge ---------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the castle on the rock behind, drizzle, city street",  # (round 41) after a preposition of place, no people about
    withdrawn("The rock-hewn church seen from above, pilgrims in white", "the lower-case 'the rock'/'the edge' rule", 19),
    withdrawn("seagulls over the cliff, waves breaking at the edge", "the lower-case 'the rock'/'the edge' rule", 19),
    withdrawn("a dewdrop clinging to the edge of a fern frond, macro", "the lower-case 'the rock'/'the edge' rule", 19),
    withdrawn("the goddess emerging from the rock cave, light flooding out", "the lower-case 'the rock'/'the edge' rule", 19),
])
def test_the_rock_and_the_edge_in_lower_case_as_places(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "the rock flexing his muscles at the gym",
    "on the rock smiling",  # a word for what people do after it
    "selfie with the rock",
    "photo of the rock",
    "The Rock at a premiere",
    "Bono and the edge on stage",
    "the edge of U2 playing guitar",
    "the rock of hollywood at a premiere",
    "the edge playing guitar",
    "fans near the rock at the premiere",  # a word about fame in the prompt
    "the edge of the stage, concert lights",
])
def test_the_rock_and_the_edge_as_people_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- breeds: a breed's name in the plural, a breed that is also a people's name -----------------

@pytest.mark.parametrize("prompt", [
    "two Gordon Setters running through purple heather",
    "three Irish Setters on a windy beach",
    "a fluffy Samoyed smiling in the snow beside a sled",
])
def test_a_breed_is_the_dog(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Gordon Ramsay cooking in a busy kitchen",
    "Gordon Brown giving a speech",
    "two Gordon Ramsays shouting at each other",
])
def test_people_who_share_a_breeds_first_word_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- a little word of the prompt's language that is a famous one-word name ---------------------

@pytest.mark.parametrize("prompt", [
    # (round 41) a little word of the language before another or an article
    "Praça Tiradentes em Ouro Preto durante o Carnaval, casarões coloridos, confete",
    "una plaza llena de flores durante la fiesta del pueblo, fotografía",
    # a common word of the prompt's language (Faker's lorem list of that language)
    withdrawn("una tavola imbandita con pasta fresca in una trattoria, luce calda", "a language's little and common words as no name (again in round 41, red team 72)", 19),
    withdrawn("ritratto di un vecchio pescatore con la barba bianca, luce naturale, bianco e nero", "a language's little and common words as no name (again in round 41, red team 72)", 19),
    withdrawn("une boulangerie parisienne au petit matin, croissants dans la vitrine", "a language's little and common words as no name (again in round 41, red team 72)", 19),
])
def test_a_little_word_of_the_prompts_language_is_the_word(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Jimmy Durante singing at a piano",
    "durante smiling on stage",  # an English prompt: no language of which it is a little word
    "retrato de durante cantando",  # after a word for a picture
    "ritratto di nero che suona la lira",
    "Nero playing the lyre while Rome burns",
    "cher cantando en el escenario con una peluca enorme",  # a French word, in a Spanish prompt
    "handel tocando el órgano en la iglesia",  # a Polish word, in a Spanish prompt
])
def test_the_person_the_little_word_names_is_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- camera, film and electronics makers start a model's name, not a person's --------------------

@pytest.mark.parametrize("prompt", [
    "octane render, 8k, bokeh, Kodak Portra 400, Hasselblad, Leica, volumetric lighting",
    "photorealistic, Fujifilm Superia, Cinestill 800T, night city, neon",
    "cinematic, anamorphic lens flare, Arri Alexa, desert highway",
    "a red fox in snow, Nikon D850, 600mm, award winning",
    "rolls of Kodak Tri-X and Ilford HP5 beside a rangefinder",
    "a kitten peeking out of a Harrods shopping bag",
])
def test_a_makers_name_starts_a_product(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Kodak Portra 400, Taylor Swift smiling on a porch",
    "Nikon Z9, Barack Obama waving from a podium",
    "portrait of Kodak Black",  # a rapper, not a film
    "Kodak Black performing on stage",
    "Sony Kim smiling at the camera",  # a given name that is also a maker's is not listed
])
def test_people_beside_or_named_like_a_maker_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- world-famous sights whose names read as a person's ------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the Burj Khalifa piercing low clouds, blue hour",
    "Angkor Wat reflected in a lotus pond at dawn",
    "Il Ponte Vecchio a Firenze al tramonto",
    "Hawa Mahal at sunrise, pink sandstone facade",
    "a travel photo of Piazza San Marco flooded at high tide",
    "Torres del Paine under dramatic clouds, turquoise lake",
    "sunrise over Lake Titicaca from Isla del Sol",
    "a Día de los Muertos altar with marigolds and candles",
    "a travel photo of Uluru glowing red at dusk",
])
def test_a_famous_sight_is_the_place(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Thomas Paine writing pamphlets by candlelight",
    "portrait of Paine",  # a sight's word alone is still the man
    "Gaudí sketching at his desk",  # an architect is no building
    "Angkor Wat at dawn, Angelina Jolie in explorer gear",  # a famous name beside the sight
    "Burj Khalifa, Cristiano Ronaldo waving from the top",
])
def test_people_named_like_or_beside_a_sight_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- widely known characters of comics, anime, children's books, folklore and myth ---------------

@pytest.mark.parametrize("prompt", [
    "Naruto eating ramen at a noodle stand, anime style",
    "Totoro waiting at a rural bus stop in the rain",
    "Asterix and Obelix carrying a menhir through a village",
    "Krampus stalking through a snowy alley, lanterns",
    "Baba Yaga's hut on chicken legs in a dark forest",
    "Sun Wukong on a cloud with his staff",
    "Wednesday Addams in a black dress, gothic",
    "Arsène Lupin in a top hat slipping out of a mansion",
    "Goku powering up, golden aura",
])
def test_a_widely_known_character_is_no_person(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Arsène Wenger on the touchline in a long coat",  # a character's first name is not listed alone
    "Jenna Ortega as Wednesday Addams dancing",  # the actress playing the character
    "Naruto, Taylor Swift smiling",  # a character beside a famous name
    "Heidi Klum smiling on the runway",  # "Heidi" (a character too) is not listed
])
def test_people_named_like_or_playing_a_character_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- breeds the WordNet lists lack, and the northern lights ------------------------------------

@pytest.mark.parametrize("prompt", [
    "a Shiba Inu wearing a small red scarf in front of a torii gate",
    "A Dobermann standing alert on a frosted lawn",
    "A Dogo Argentino sitting proudly on the steps of an estancia",
    "a Xoloitzcuintli trotting through a marigold-strewn street",
    "a Cane Corso lying on a porch, afternoon light",
    "Bichon Frise at a grooming salon",
    "Aurora Borealis over a frozen fjord, long exposure",
])
def test_a_breed_or_the_aurora_is_no_person(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Gregory Corso reading poetry in a cafe",  # a breed's word is no person's hider
    "Aurora smiling on a red carpet, Taylor Swift beside her",
    "a Shiba Inu on the lap of Barack Obama",
])
def test_people_beside_or_named_like_a_breed_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- species and sayings in the possessive, songs, more characters and dishes ---------------------

@pytest.mark.parametrize("prompt", [
    "Steller's jay on a snowy pine branch",
    "Grevy's zebras at a waterhole, golden hour",
    withdrawn("Schrödinger's cat sitting in a box, cute cartoon", "the listed songs and sayings that hold a famous person's name (Billie Jean, Schrodinger's cat)", 19),
    "Darwin's finches on a cactus branch",
    withdrawn("Billie Jean poster: glowing sidewalk tiles on an empty street", "the listed songs and sayings that hold a famous person's name (Billie Jean, Schrodinger's cat)", 19),
    "Hey Jude lyrics written on a chalkboard in a cafe",
    "John Wick with a pencil and a beagle, neo-noir",
    "Hansel and Gretel finding the gingerbread house in the woods",
    "Tarte Tatin with a caramel glaze, rustic table",
])
def test_a_species_song_character_or_dish_named_after_someone_is_no_person(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Darwin smiling on the deck of a ship",
    "Pavlov ringing a bell in his laboratory",
    "Billie Jean King serving at Wimbledon",  # the full name is read, not the song inside it
    "Keanu Reeves as John Wick",
    "Tom Holland as Spider-Man smiling",
    "Adidas founder portrait",  # a maker whose founder a prompt may describe is not listed
])
def test_the_people_behind_them_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- a time of day is no pair of initials ---------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "INT. TOKYO CAPSULE HOTEL — 3 A.M.\nSalaryman can't sleep, blue screen glow",
    "an empty diner at 2 A.M. under flickering neon",
    "a tram stop at 10:30 p.m. in the rain",
])
def test_a_time_of_day_is_no_name(matcher, prompt):
    assert not _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "A.M. Turing at his desk",
    "3 A.M. Smith smiling at the camera",
    "at 3 A.M. Barack Obama waving",
])
def test_initials_and_names_after_a_time_are_still_found(matcher, prompt):
    assert _denied(matcher, prompt)


# --- epithets of famous people (consent/data/epithets.txt) ---------------------------------------

@pytest.mark.parametrize("prompt", [
    "The Crocodile Hunter wrestling a croc on a muddy riverbank",
    "the Little Master playing a straight drive, pop-art mural",
    "Captain Cool of Chennai playing a helicopter shot",
    "The Rawalpindi Express steaming in to bowl",
    "The Special One sliding on his knees down the touchline",
    "THE GREAT ONE STICKHANDLING BEHIND THE NET",
    "Madiba smiling in a patterned shirt",
    "zizou headbutt, world cup final",  # a one-word epithet that is no English word, in lower case too
])
def test_a_famous_person_named_by_an_epithet_is_found(matcher, prompt):
    assert _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "a little master bedroom with a sea view",
    "the great one-horned rhino in tall grass",
    "captain cool drinks on a yacht deck, summer",
    "the special one-pot pasta recipe, overhead shot",
    "an iron lady statue made of scrap metal",
    "a locomotive's whistle in the fog",  # an epithet's word is no famous last name
])
def test_an_epithet_made_of_english_words_names_nobody_in_lower_case(matcher, prompt):
    assert not _denied(matcher, prompt)


# --- a famous name in Chinese characters standing alone in a prompt in another script ---------------

@pytest.mark.parametrize("prompt", [
    "鲁迅 at a writing desk, woodcut print",
    "杜甫 on a riverbank, ink-wash scroll",
    "屈原 by the river, traditional painting",
    "岳飞 in armour on horseback, epic painting",
])
def test_a_famous_name_in_chinese_characters_standing_alone_is_found(matcher, prompt):
    assert _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "功夫 poster, two fighters silhouetted at dusk",
    "a bowl of 拉面 with a soft egg",
    "长城 at sunrise, mist in the valleys",
    "樱花 petals over a canal, pastel",
    "旗袍 pattern, silk, studio shot",
    "水墨 landscape, pine trees and mist",
])
def test_chinese_words_standing_alone_are_no_names(matcher, prompt):
    assert not _denied(matcher, prompt)


# --- descriptions: "ever" after "the first woman", a nationality before "the painter of" ------------

@pytest.mark.parametrize("prompt", [
    "The first woman ever to win a Nobel Prize, in a black dress, lab glassware",
    "the first man ever to walk on the moon, planting a flag",
    "The Dutch painter of Girl with a Pearl Earring at his easel",
    "the Spanish architect of the Sagrada Família sketching",
])
def test_a_description_of_one_real_person_is_found(matcher, prompt):
    assert _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "the first cat ever to fly a kite, cartoon",
    "the Italian painter of a small village scene, generic, made up",
    "a Dutch painter at an easel in a sunlit room",  # no one work named: anybody
])
def test_a_description_of_nobody_in_particular_is_no_person(matcher, prompt):
    assert not _denied(matcher, prompt)


# --- a famous person's full name that a town or a landmark also bears ------------------------------

@pytest.mark.parametrize("prompt", [
    "Emiliano Zapata on a horse in Morelos, sepia",
    "larawan ni José Rizal na nagsusulat",
    "Benito Juárez at a desk, 19th-century portrait",
    "Mae West in a feather boa",
])
def test_a_famous_person_named_like_a_town_is_the_person(matcher, prompt):
    assert _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Benito Juárez International Airport at dawn, planes on the apron",
    "Prince Edward Island coastline, red cliffs",
    "Johns Hopkins hospital at night",
    "the Saint Denis basilica, gothic vaults",
])
def test_a_place_named_after_someone_is_still_the_place_when_it_says_so(matcher, prompt):
    assert not _denied(matcher, prompt)


# --- people the contemporary list lacked (a check of ~230 well-known names found 12) ---------------

@pytest.mark.parametrize("prompt", [
    "ALT TEXT: SVETLANA ALEXIEVICH AT A KITCHEN TABLE WITH A TAPE RECORDER",
    "#SifanHassan sprinting the final lap",
    "abdulrazak-gurnah reading aloud at a festival",
    "shericka jackson crossing the finish line",
    "Hou Yifan at a chessboard",
])
def test_people_added_to_the_contemporary_list_are_found(matcher, prompt):
    assert _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Jackson Square at dusk, New Orleans",  # a list's full name makes no word of it a person
    "a karman line diagram, minimal infographic",
])
def test_words_of_the_added_names_alone_name_nobody(matcher, prompt):
    assert not _denied(matcher, prompt)
