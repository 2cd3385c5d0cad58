"""Visible label: "AI-generated" (+ "likeness used with consent"), legible on any background.

The label is white text on a near-opaque dark box (88 % black), so its contrast does not
depend on the picture under it: white on the box over a white background is about 16:1,
over black 21:1 (WCAG asks 4.5:1). The font is Pillow's scalable built-in font
(``ImageFont.load_default(size=...)``), so no system font is needed for the default
labels. It covers basic Latin only: a label with any other character (Chinese, accents)
uses ``StudioSettings.label_font`` or, unset, the first installed font of
:data:`SYSTEM_FONTS` that has every glyph — and raises :class:`DisclosureError` when
none has, rather than drawing empty boxes.

Default text per profile: "AI-generated"; the China profile's explicit label is
"AI生成" (GB 45438-2025 asks for "人工智能"/"AI" with "生成"/"合成"), which needs a CJK font
(Debian: ``fonts-wqy-microhei`` or ``fonts-noto-cjk``).

Sizes, per jurisdiction profile (``StudioSettings.label_profile``). "Text height" is the
measured ink height of the first label line (top of the tallest glyph to the bottom of the
lowest), not the nominal font size; the box adds padding around it.

========== =================== ============ ================================================
profile    min text height     min box      basis
========== =================== ============ ================================================
china      5 % of short side   5 %          GB 45438-2025 (explicit label on images: text
                                            height at least 5 % of the shortest side)
eu         3 % of short side   5 %          AI Act Art. 50: "clear and distinguishable", no
                                            size rule; our minimum (5 % box, as ARCHITECTURE)
california 3 % of short side   5 %          SB 942 §22757.2(a): "clear, conspicuous";
                                            no size rule; same minimum as eu
========== =================== ============ ================================================

Where the image is large enough, the text is at least 9 px tall whatever the profile (a
3 % label on a 256 px image would be 8 px). The label never shrinks below its profile
minimum; an image too small to hold it at that size raises :class:`DisclosureError`.
No setting switches the label off: an empty text is rejected.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from creator.errors import DisclosureError

__all__ = [
    "CONSENT_SUFFIX",
    "check_label_text",
    "POSITIONS",
    "PROFILES",
    "LabelPlacement",
    "LabelProfile",
    "SYSTEM_FONTS",
    "apply_label",
    "label_from_settings",
    "label_lines",
]

CONSENT_SUFFIX = "likeness used with consent"
POSITIONS = ("bottom-left", "bottom-right", "top-left", "top-right")
_MAX_TEXT_CHARS = 80
_PREFERRED_INK_PX = 9
_BOX_RGB = (0, 0, 0)
_BOX_ALPHA = 0.88
_TEXT_RGB = (255, 255, 255)
#: The label may take at most this share of the image height.
_MAX_HEIGHT_SHARE = 0.6
#: Fonts tried, in order, when the label has characters Pillow's built-in font lacks.
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


@dataclass(frozen=True)
class LabelProfile:
    """Minimum label size of a jurisdiction, as fractions of the image's short side."""

    name: str
    min_text_fraction: float
    min_box_fraction: float
    basis: str
    default_text: str = "AI-generated"
    #: Corners the label may be drawn in under this profile (a request picks one of them).
    positions: tuple[str, ...] = ("bottom-left", "bottom-right", "top-left", "top-right")

    def __post_init__(self) -> None:
        for f in ("min_text_fraction", "min_box_fraction"):
            v = getattr(self, f)
            if not 0 < v < 0.5:
                raise DisclosureError(f"LabelProfile.{f} must be in (0, 0.5), got {v!r}")


PROFILES: dict[str, LabelProfile] = {
    "china": LabelProfile("china", 0.05, 0.05, "GB 45438-2025: explicit label text >= 5% of the short side",
                          default_text="AI生成"),
    "eu": LabelProfile("eu", 0.03, 0.05, "EU AI Act Art. 50: clear and distinguishable (our minimum)"),
    "california": LabelProfile("california", 0.03, 0.05, "California SB 942: clear and conspicuous (our minimum)"),
}


@dataclass(frozen=True)
class LabelPlacement:
    """Where and how the label was drawn (pixel coordinates; ``box`` is x0, y0, x1, y1, exclusive)."""

    lines: tuple[str, ...]
    box: tuple[int, int, int, int]
    font_size: int
    text_height: int
    profile: str
    position: str

    @property
    def box_height(self) -> int:
        return self.box[3] - self.box[1]


#: Wording a custom label must contain, per profile (one of them; case-insensitive). The EU AI Act
#: asks for a clear disclosure in the audience's language; SB 942 and GB 45438 name theirs.
REQUIRED_WORDING: dict[str, tuple[str, ...]] = {
    "eu": ("AI-generated", "AI generated", "KI-generiert", "KI generiert", "généré par IA", "généré par l'IA",
           "generado por IA", "gerado por IA", "generato dall'IA", "generato con IA", "AI-gegenereerd",
           "wygenerowane przez AI", "AI-genererad", "AI-genereret", "AI-generert", "tekoälyn luoma"),
    "california": ("AI-generated", "AI generated", "generado por IA"),
    "china": ("AI生成", "人工智能生成"),
}


#: What a label must not say next to its disclosure, as words: read on the label's text as drawn,
#: its letters as the ASCII letters they look like (NFKC, then ``anyascii``: a Cyrillic "о", a
#: full-width "Ｎ", "é"), every mark between words as a space (an apostrophe, brackets, quotes,
#: dashes), case-folded. In the languages the profiles' required wordings are written in.
_NEGATIONS = (
    # English
    "not ai", "not a i", "not generated", "not an ai", "isn t ai", "isnt ai", "is not ai", "not by ai", "not made by ai",
    "not made with ai", "not ai generated", "not synthetic", "not artificial", "never ai", "never generated",
    "ai free", "no ai used", "no ai involved",
    # German
    "nicht ki", "keine ki", "kein ki", "nicht kunstlich", "nicht generiert", "nicht von ki", "nicht durch ki", "nie ki",
    # French
    "pas ia", "pas de ia", "pas d ia", "pas l ia", "non ia", "pas genere", "pas generee", "non genere", "non generee",
    "jamais genere",
    # Spanish, Portuguese, Italian
    "no es ia", "no generado", "no generada", "nao e ia", "nao gerado", "nao gerada", "non e ia", "non generato",
    "non generata",
    # Dutch, Polish, Scandinavian, Finnish
    "niet ai", "niet gegenereerd", "niet door ai", "nie ai", "nie wygenerowane", "inte ai", "ikke ai", "ej ai",
    "ikke generert", "ikke genereret", "inte genererad", "ei tekoaly",
)
#: "No AI" and its kin deny the disclosure unless a notice about training follows ("No AI
#: training permitted", "sin IA entrenamiento" is not said, but "no AI training or TDM" is)
_NO_AI = ("no ai", "non ai", "without ai", "ohne ki", "sans ia", "sin ia", "sem ia", "senza ia", "geen ai",
          "zonder ai", "bez ai", "uten ai", "utan ai")
_TRAINING_WORDS = frozenset("training trained train tdm scraping scrape learning mining crawling datasets dataset data "
                            "entrenamiento entrainement addestramento treinamento trainingsdaten".split())
#: Claims that the picture is a photo of the real world, unless a negation stands before them
#: ("AI-generated, not a real photo" adds a true statement; "Real photo" contradicts the label)
_REAL_CLAIMS = ("real photo", "real photograph", "real photos", "real picture", "real image", "authentic photo",
                "genuine photo", "unedited photo", "actual photo", "echtes foto", "echte foto", "echtes bild",
                "echte aufnahme", "vraie photo", "photo reelle", "vraie image", "image reelle", "foto real",
                "imagen real", "foto vera", "foto reale", "immagine reale", "prawdziwe zdjecie", "aito kuva",
                "genuine photograph", "authentic photograph", "actual photograph", "unedited photograph")
_NEGATION_WORDS = frozenset("not no non nor never neither isn isnt kein keine keines kein nicht pas ni ne sin nao niet "
                            "geen nie ikke inte ej ei".split())
#: The disclosure's own words, in the profiles' languages (as ``_as_words`` reads them)
_DISCLOSURE_WORDS = frozenset("ai ki ia generated generiert genere generee generado generada gerado gerada generato "
                              "generata wygenerowane wygenerowany gegenereerd generert genereret genererad tekoaly "
                              "tekoalyn tekoalylla synthetic synthetisch synthetique sintetico artificial kunstlich "
                              "luoma luotu".split())
#: Words that may stand between a negation and those words in the same statement: auxiliaries,
#: articles, prepositions, pronouns ("was", "fue", "foi", "è", "jest", "by", "por", "przez", "dall'")
_LINK_WORDS = frozenset(
    "t s is was be been being made created produced it this that the a an by with using at all really ever "  # en
    "es fue ha sido esta un una por con el la lo en absoluto absolutamente nada realmente "  # es
    "e foi feito feita um uma pelo pela com o "  # pt
    "ist war wurde von durch mit ein eine einer einem eines einen der die das wirklich gar "  # de
    "est a ete par avec le les une du tout vraiment "  # fr
    "stato stata da dal dalla dall il davvero "  # it
    "jest byl bylo zostal zostalo przez z "  # pl
    "door met een het de er ble av med et var blev af".split())  # nl, nb, da, sv
#: The same in the china profile's Chinese, on the text with its spaces taken out
_NEGATIONS_ZH = re.compile(r"(?:非|不是|并非|并不是|不属于|不为|不系|并未)(?:由|经|经过|被|用)?(?:ai|人工智能)"
                           r"|(?:未|没有|无)(?:由|经|经过|被|用)?(?:ai|人工智能)(?:生成|制作|合成)|非合成")
_REAL_CLAIMS_ZH = re.compile(r"(?<!非)(?<!不是)(?<!并非)(?<!不属于)(?:真实照片|真实图片|真实拍摄|真人实拍)")


def _contradicts(clean: str) -> bool:
    """Whether the label's text (whitespace collapsed, case-folded) denies the disclosure."""
    import unicodedata

    text = unicodedata.normalize("NFKC", clean)
    joined = "".join(text.split())
    # Read clause by clause (red team s65 B: "Real person? No, it's AI-generated." answers a
    # question, "Prawdziwe? Nie, wygenerowane przez AI." too): a sentence's or a clause's mark ends
    # one, a dash, a bracket or a quote does not ("Not—AI", "Not (AI)" deny it). Dots inside an
    # abbreviation are no end ("Not A.I."), and an answer word before a spaced dash is an answer
    # ("No – AI-generated").
    text = re.sub(r"\b(?:[^\W\d_]\.){2,}", lambda m: m.group(0).replace(".", ""), text)
    text = re.sub(r"\b(no|non|nie|nein|nao|não|nej|ei)\s+[–—-]\s+", r"\1, ", text)
    for clause in re.split(r"[.,;:!?¿¡…]+", text):
        words = _as_words(clause).split()
        padded = f" {' '.join(words)} "
        if any(f" {neg} " in padded for neg in _NEGATIONS):
            return True
        for phrase in _NO_AI:
            n = len(phrase.split())
            for i in range(len(words) - n + 1):
                if " ".join(words[i:i + n]) == phrase and not (set(words[i + n:i + n + 3]) & _TRAINING_WORDS):
                    return True
        # a negation before the disclosure's own words with only a verb, an article, a preposition
        # or an adverb between ("wasn't AI-generated", "no fue generado por IA", "non è generato",
        # "ei tekoälyn luoma"; red teams s65 A and B), unless a notice about training follows ("not
        # to be used to train AI")
        for i, w in enumerate(words):
            if w not in _NEGATION_WORDS and w not in ("wasn", "wasnt", "aren", "arent"):
                continue
            for j in range(i + 1, min(i + 8, len(words))):
                if words[j] in _DISCLOSURE_WORDS:
                    if not set(words[j:j + 4]) & _TRAINING_WORDS:
                        return True
                    break
                if words[j] not in _LINK_WORDS:
                    break
    # a negation counts for a claim in its own clause only: "No. A real photograph." claims it
    for clause in re.split(r"[.,;:!?()\[\]{}\"“”«»—–]+", unicodedata.normalize("NFKC", clean)):
        words = _as_words(clause).split()
        for phrase in _REAL_CLAIMS:
            n = len(phrase.split())
            for i in range(len(words) - n + 1):
                if " ".join(words[i:i + n]) == phrase and not (set(words[max(0, i - 3):i]) & _NEGATION_WORDS):
                    return True
    return bool(_NEGATIONS_ZH.search(joined) or _REAL_CLAIMS_ZH.search(joined))


def _as_words(text: str) -> str:
    """The label's words as a reader sees them: look-alike letters as ASCII, marks as spaces."""
    import unicodedata

    from anyascii import anyascii

    # a character that draws nothing (a Hangul filler, the blank braille cell, a format character)
    # is a space as it is drawn, not nothing ("Not\u3164AI" reads "Not AI"; red team s65 A)
    text = "".join(" " if c in _BLANKS or unicodedata.category(c) in ("Zs", "Cf") else c
                   for c in unicodedata.normalize("NFKC", text))
    ascii_text = anyascii(text).casefold()
    words = re.sub(r"[^0-9a-z]+", " ", ascii_text).split()
    # letters spelled out one by one are one word: "N o t AI" (red team s65 B)
    joined: list[str] = []
    run = False  # the last word was a single letter (of a run being joined)
    for w in words:
        single = len(w) == 1 and w.isalpha()
        if single and run:
            joined[-1] += w
        else:
            joined.append(w)
        run = single
    # digits written for letters inside a word of letters: "N0T", "n0t" (red team s65 A)
    return " ".join(w.translate(_DIGIT_LETTERS) if re.search(r"[a-z]", w) and re.search(r"[0-9]", w) else w
                    for w in joined)


#: Characters that draw blank but are letters or symbols to Unicode (so ``isprintable``)
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")
_DIGIT_LETTERS = str.maketrans("013457", "oleast")


def check_label_text(text: str, profile: str) -> None:
    """A custom label must still say what the profile requires (e.g. "AI-generated",
    "KI-generiert", China's "AI生成"); "Real photo, not AI" or "." is refused."""
    _profile(profile)
    accepted = REQUIRED_WORDING.get(profile.lower(), (_profile(profile).default_text,))
    clean = " ".join(text.split()).casefold() if isinstance(text, str) else ""
    if not any(w.casefold() in clean for w in accepted):
        raise DisclosureError(f"label_text {text!r} does not contain the {profile} profile's required wording "
                              f"(one of {', '.join(repr(w) for w in accepted[:4])}, …); a custom label may add words, "
                              "never drop the disclosure")
    # read as it is drawn (whitespace collapsed, ``label_lines``), its letters as they look, any mark
    # between words as a space: "Not  AI", "Not-A.I." (red team s63), "Nоt AI" with a Cyrillic о,
    # "Not (AI)", "isn't AI-generated", "echtes Foto", "非AI生成" (red team s64 E)
    if _contradicts(clean):
        raise DisclosureError(f"label_text {text!r} contradicts the disclosure; expected a label that says {accepted[0]!r}")


def label_lines(text: str, *, real_person_depicted: bool) -> tuple[str, ...]:
    """The label's lines: ``text`` and, when a real person is depicted, the consent line."""
    if not isinstance(text, str) or not text.strip():
        raise DisclosureError(f"label_text must be a non-empty text, got {text!r}; the visible label cannot be switched off")
    clean = " ".join(text.split())
    if len(clean) > _MAX_TEXT_CHARS:
        raise DisclosureError(f"label_text is {len(clean)} characters long; expected at most {_MAX_TEXT_CHARS}")
    if any(not ch.isprintable() for ch in clean):
        raise DisclosureError(f"label_text {clean!r} contains control characters")
    return (clean, CONSENT_SUFFIX) if real_person_depicted else (clean,)


def apply_label(
    image: Image.Image,
    *,
    text: str | None = None,
    profile: str = "eu",
    position: str = "bottom-left",
    real_person_depicted: bool = False,
    font: str | Path | None = None,
) -> tuple[Image.Image, LabelPlacement]:
    """Return an RGB copy of ``image`` with the visible label drawn, and where it went.

    ``text`` None means the profile's default text. ``font`` is a TrueType/OpenType file;
    None means Pillow's built-in font, or an installed one when the text needs other glyphs.
    Raises :class:`DisclosureError` for an unknown profile or position, an empty text, a
    font without the text's glyphs, or an image too small to hold the label at the
    profile's minimum size.
    """
    prof = _profile(profile)
    if position not in POSITIONS:
        raise DisclosureError(f"label_position {position!r} is not supported; expected one of {list(POSITIONS)}")
    lines = label_lines(prof.default_text if text is None else text, real_person_depicted=real_person_depicted)
    if text is not None:
        check_label_text(text, profile)
    font_file = _font_for(lines, font)
    if image.width < 1 or image.height < 1:
        raise DisclosureError(f"image is {image.width}x{image.height}; cannot label an empty image")
    out = image.convert("RGB") if image.mode != "RGB" else image.copy()
    layout = _layout(out.width, out.height, lines, prof, font_file)
    _draw(out, layout, position, font_file)
    x0, y0 = _origin(out.width, out.height, layout, position)
    placement = LabelPlacement(
        lines=layout.lines,
        box=(x0, y0, x0 + layout.box_w, y0 + layout.box_h),
        font_size=layout.size,
        text_height=layout.ink_h,
        profile=prof.name,
        position=position,
    )
    return out, placement


def label_from_settings(image: Image.Image, settings, *, real_person_depicted: bool) -> tuple[Image.Image, LabelPlacement]:
    """:func:`apply_label` with text, profile and position from ``StudioSettings``."""
    return apply_label(
        image,
        text=settings.label_text,
        profile=settings.label_profile,
        position=settings.label_position,
        real_person_depicted=real_person_depicted,
        font=getattr(settings, "label_font", None),
    )


# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    lines: tuple[str, ...]
    size: int
    ink_h: int
    pad: int
    margin: int
    line_gap: int
    line_h: int
    box_w: int
    box_h: int
    top_offset: int  # font bbox top of the first line (to align ink with the padding)


def _profile(name: str) -> LabelProfile:
    try:
        return PROFILES[name.lower()]
    except (KeyError, AttributeError):
        raise DisclosureError(f"label_profile {name!r} is not supported; expected one of {sorted(PROFILES)}") from None


@lru_cache(maxsize=128)
def _font(size: int, font_file: str | None = None) -> ImageFont.FreeTypeFont:
    if font_file is not None:
        try:
            return ImageFont.truetype(font_file, size=size)
        except OSError as e:
            raise DisclosureError(f"label font {font_file!r} cannot be loaded: {e}") from None
    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):  # Pillow without FreeType: bitmap font only
        raise DisclosureError("Pillow was built without FreeType; the scalable label font is unavailable")
    return font


@lru_cache(maxsize=64)
def _missing_glyphs(text: str, font_file: str | None) -> str:
    """Characters of ``text`` that ``font_file`` draws as its 'missing glyph' box."""
    font = _font(32, font_file)
    missing = font.getmask("\U000F0000")  # a private-use code point: no font maps it
    ref = (missing.size, bytes(missing))
    out = []
    for ch in dict.fromkeys(text):
        if ch.isspace():
            continue
        m = font.getmask(ch)
        if (m.size, bytes(m)) == ref:
            out.append(ch)
    return "".join(out)


def _font_for(lines: tuple[str, ...], font: str | Path | None) -> str | None:
    """The font file that draws every character of ``lines`` (None: Pillow's built-in font)."""
    text = "".join(lines)
    if font is not None:
        font_file = str(Path(font).expanduser())
        if not Path(font_file).is_file():
            raise DisclosureError(f"label_font {font_file!r} is not a file")
        lacking = _missing_glyphs(text, font_file)
        if lacking:
            raise DisclosureError(f"label_font {Path(font_file).name!r} has no glyphs for {lacking!r} in the label "
                                  f"{' / '.join(lines)!r}; choose a font that covers them")
        return font_file
    if not _missing_glyphs(text, None):
        return None
    for candidate in SYSTEM_FONTS:
        if Path(candidate).is_file() and not _missing_glyphs(text, candidate):
            return candidate
    raise DisclosureError(
        f"the label {' / '.join(lines)!r} has characters ({_missing_glyphs(text, None)!r}) that the built-in "
        "font cannot draw and no installed font covers them; set CONSENT_STUDIO_LABEL_FONT to a font file "
        "that does (for Chinese: Debian's fonts-wqy-microhei or fonts-noto-cjk)"
    )


def _ink_height(text: str, size: int, font_file: str | None = None) -> int:
    l, t, r, b = _font(size, font_file).getbbox(text)
    return b - t


@lru_cache(maxsize=256)
def _size_for_ink(text: str, ink: int, font_file: str | None = None) -> int:
    """Smallest font size whose rendering of ``text`` is at least ``ink`` px tall."""
    size = max(1, math.ceil(ink * 100 / max(1, _ink_height(text, 100, font_file))))
    while size > 1 and _ink_height(text, size - 1, font_file) >= ink:
        size -= 1
    while _ink_height(text, size, font_file) < ink:
        size += 1
    return size


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str] | None:
    words, out, cur = line.split(" "), [], ""
    for w in words:
        cand = f"{cur} {w}" if cur else w
        if font.getlength(cand) <= width:
            cur = cand
            continue
        if not cur or font.getlength(w) > width:
            return None
        out.append(cur)
        cur = w
    out.append(cur)
    return out


@lru_cache(maxsize=256)
def _layout(width: int, height: int, lines: tuple[str, ...], prof: LabelProfile,
            font_file: str | None = None) -> _Layout:
    """Where the label's lines go and how big (cached: a studio labels the same few sizes)."""
    short = min(width, height)
    required_ink = max(1, math.ceil(prof.min_text_fraction * short))
    min_box = math.ceil(prof.min_box_fraction * short)
    preferred = max(required_ink, _PREFERRED_INK_PX)
    for ink in range(preferred, required_ink - 1, -1):
        size = _size_for_ink(lines[0], ink, font_file)
        font = _font(size, font_file)
        margin = round(0.02 * short) if short >= 128 else 0
        pad = max(1, round(0.2 * size))
        avail = width - 2 * margin - 2 * pad
        if avail <= 0:
            continue
        wrapped: list[str] = []
        for line in lines:
            w = _wrap(line, font, avail)
            if w is None:
                break
            wrapped += w
        else:
            ascent, descent = font.getmetrics()
            line_h = ascent + descent
            gap = max(0, round(0.15 * size))
            text_h = line_h * len(wrapped) + gap * (len(wrapped) - 1)
            box_h = max(text_h + 2 * pad, min_box)
            if box_h + 2 * margin > height * _MAX_HEIGHT_SHARE and ink > required_ink:
                continue
            if box_h + 2 * margin > height:
                continue
            box_w = math.ceil(max(font.getlength(line) for line in wrapped)) + 2 * pad
            # Centre the text block vertically when the minimum box height adds room.
            top = pad + (box_h - 2 * pad - text_h) // 2
            return _Layout(tuple(wrapped), size, _ink_height(lines[0], size, font_file), pad, margin, gap, line_h,
                           box_w, box_h, top)
    raise DisclosureError(
        f"image {width}x{height} is too small for the visible label {' / '.join(lines)!r} at the "
        f"{prof.name} minimum text height of {required_ink} px ({prof.min_text_fraction:.0%} of the short side)"
    )


def _origin(width: int, height: int, lay: _Layout, position: str) -> tuple[int, int]:
    x0 = lay.margin if position.endswith("left") else width - lay.margin - lay.box_w
    y0 = lay.margin if position.startswith("top") else height - lay.margin - lay.box_h
    return max(0, x0), max(0, y0)


@lru_cache(maxsize=64)
def _text_mask(lay: _Layout, font_file: str | None) -> Image.Image:
    """The label's text as coverage (0–255) over its box, rendered once per layout."""
    mask = Image.new("L", (lay.box_w, lay.box_h), 0)
    draw = ImageDraw.Draw(mask)
    font = _font(lay.size, font_file)
    y = lay.top_offset
    for line in lay.lines:
        draw.text((lay.pad, y), line, font=font, fill=255)
        y += lay.line_h + lay.line_gap
    return mask


@lru_cache(maxsize=64)
def _shade(size: tuple[int, int]) -> Image.Image:
    return Image.new("RGB", size, _BOX_RGB)


def _draw(img: Image.Image, lay: _Layout, position: str, font_file: str | None = None) -> None:
    """Darken the box, then paint the text over it (text raster and shade cached per layout)."""
    x0, y0 = _origin(img.width, img.height, lay, position)
    box = (x0, y0, min(img.width, x0 + lay.box_w), min(img.height, y0 + lay.box_h))
    region = img.crop(box)
    boxed = Image.blend(region, _shade(region.size), _BOX_ALPHA)
    mask = _text_mask(lay, font_file)
    if mask.size != boxed.size:
        mask = mask.crop((0, 0, *boxed.size))
    boxed.paste(_TEXT_RGB, (0, 0), mask)
    img.paste(boxed, box[:2])
