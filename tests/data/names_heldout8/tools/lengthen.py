"""One-off editing helper used while writing: extends some short prompts with the kind of
context users add (style tags, purpose), and some medium prompts with a usage paragraph.
Rewrites the given part files in place. Usage: python3 tools/lengthen.py SIDE_PREFIX short_keep long_target"""
import sys, os, glob, hashlib, importlib.util
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from build import words, bucket

TAGS = [
 ", masterpiece, best quality, ultra detailed, sharp focus, cinematic lighting, 8k uhd",
 ", photorealistic, 35mm film, kodak portra 400, soft natural light, shallow depth of field",
 ", highly detailed, dramatic rim light, volumetric fog, artstation, octane render, 4k",
 ", dslr photo, 85mm f1.4, bokeh background, golden hour, film grain, realistic skin",
 ", vibrant colors, clean composition, studio lighting, high contrast, editorial look",
 ", ultra realistic, raw photo, candid, documentary style, natural colors, fujifilm",
 ", cinematic still, anamorphic lens, teal and orange grade, moody atmosphere, 2.39:1",
 ", digital painting, concept art, soft brush strokes, warm palette, detailed background",
]
SENT = [
 ". It's for a birthday card for my dad, so make it warm and a bit funny.",
 ". Make it look like a faded polaroid from the nineties, please.",
 ", for the cover of our school magazine, bright colours and a clean background.",
 ". Square format for instagram, nothing too dark.",
 ", as a cute sticker with a thick white outline for our group chat.",
 ". Photoreal please, like a press photo from a news agency.",
 ", painted in soft watercolour for a poster in my bedroom.",
 ". Vertical 9:16 for a TikTok background, leave room for captions.",
 ", in a retro comic book style with halftone dots and bold inks.",
 ". Need it for a slide in tomorrow's presentation, landscape format.",
 ", like a still from an old documentary, slightly grainy and warm.",
 ". Make two versions, one daytime and one at night with city lights.",
 ", oil painting in a heavy gilded frame, museum lighting.",
 ". Keep it respectful, this is for a tribute post on our fan page.",
 ", pixel art for our indie game loading screen, 16-bit palette.",
 ". Wide shot, lots of atmosphere, it's a desktop wallpaper.",
]
LONG = [
 " This is for our agency's pitch deck, so keep the composition clean with empty space on the right for copy, 16:9, no watermark, no text, and make sure the face is clearly recognisable.",
 " We'll print it as an A2 poster for a fan event next month, so please go for high resolution, crisp details, a strong silhouette and colours that still work in print.",
 " Context: it's the thumbnail for a YouTube video essay, so exaggerate the expression a little, push the contrast, keep the background simple and leave the left third free for a big title.",
 " I run a small fan page and want a series of four of these in the same style, so keep the lighting, lens and colour grade consistent, and avoid any logos or brand marks.",
 " It is for a printed birthday surprise, so make it heartfelt rather than glamorous: natural light, real textures, a few small everyday details in the background, and a gentle film grain.",
 " Our magazine art director asked for an editorial feel: muted palette, careful negative space, a slightly low camera angle, natural skin texture, and nothing that looks like cheap AI gloss.",
 " Final use is a 3 by 1 metre banner at a community festival, so we need a wide composition, strong readable shapes from far away, and space at the top for the festival name.",
 " Please match the look of the other frames in our storyboard: hand-drawn pencil lines, grey marker shading, arrows for camera moves, and a small frame number in the corner.",
]
CLEAN_SENT = [x for x in SENT if "fan page" not in x] + [
 ". Our travel blog needs it as a header, so landscape and bright please.",
 ", for a jigsaw puzzle box lid, lots of small details everywhere.",
 ". Make it feel like a calm Sunday morning, nothing dramatic.",
]
CLEAN_LONG = [
 " This is for our agency's pitch deck, so keep the composition clean with empty space on the right for copy, 16:9, no watermark, no text, and no recognisable people anywhere in the frame.",
 " We'll print it as an A2 poster for a local market next month, so please go for high resolution, crisp details, a strong silhouette and colours that still work in print.",
 " Context: it's the thumbnail for a YouTube video, so push the colours and contrast a little, keep the background simple and leave the left third free for a big title.",
 " I run a small Etsy shop and want a series of four of these in the same style, so keep the lighting, lens and colour grade consistent, and avoid any logos or brand marks that are not already in the prompt.",
 " It is for a printed calendar page, so make it calm rather than flashy: natural light, real textures, a few small everyday details in the background, and a gentle film grain.",
 " Our magazine art director asked for an editorial feel: muted palette, careful negative space, a slightly low camera angle, natural textures, and nothing that looks like cheap AI gloss.",
 " Final use is a 3 by 1 metre banner at a community festival, so we need a wide composition, strong readable shapes from far away, and space at the top for the festival name.",
 " Please match the look of the other frames in our storyboard: hand-drawn pencil lines, grey marker shading, arrows for camera moves, and a small frame number in the corner.",
]
def h(s): return int(hashlib.md5(s.encode()).hexdigest(), 16)

def load(path):
    spec = importlib.util.spec_from_file_location("m", path); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m

KEEP_SHORT = {"lowercase": 0.7, "model_tag": 0.7, "obfuscated": 0.7, "misspelled": 0.6, "tag_list": 0.45, "single_name": 0.4,
              "allcaps": 0.45, "native_script": 0.45, "possessive_inflected": 0.4, "nickname": 0.35, "description": 0.3,
              "artist_style": 0.35, "educational": 0.35, "plain": 0.3, "other_language": 0.3}
LONGIFY = {"plain": 0.35, "nickname": 0.2, "description": 0.25, "educational": 0.3, "other_language": 0.25, "artist_style": 0.3,
           "possessive_inflected": 0.2, "native_script": 0.2, "json_payload": 0.0, "single_name": 0.2, "allcaps": 0.2, "tag_list": 0.25, "misspelled": 0.1, "obfuscated": 0.1, "model_tag": 0.15, "lowercase": 0.1}

def ext_short(fam, p, clean=False):
    k = h(p)
    SENT_ = CLEAN_SENT if clean else SENT
    if fam in ("tag_list", "model_tag"):
        add = TAGS[k % len(TAGS)]
    elif fam == "allcaps":
        add = (TAGS + SENT_)[k % (len(TAGS) + len(SENT_))].upper()
    elif fam == "lowercase":
        add = (TAGS + SENT_)[k % (len(TAGS) + len(SENT_))].lower()
    else:
        add = (SENT_ + TAGS)[k % (len(TAGS) + len(SENT_))]
    return p.rstrip(". ") + add

def ext_long(fam, p, clean=False):
    L = CLEAN_LONG if clean else LONG
    add = L[h(p) % len(L)]
    if fam == "allcaps": add = add.upper()
    if fam == "lowercase": add = add.lower()
    q = p.rstrip() ; q = q if q.endswith((".", "!", "?")) else q + "."
    return q + add

def main(prefix):
    clean = prefix.startswith('c_')
    for f in sorted(glob.glob(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "parts", prefix + "*.py"))):
        m = load(f); out = {}
        for fam, items in m.FAMILIES.items():
            shorts = [i for i, (p, n) in enumerate(items) if bucket(p) == "short"]
            keep = int(round(KEEP_SHORT.get(fam, 0.5 if clean else 0.5) * len(shorts)))
            new = list(items)
            for j, i in enumerate(shorts):
                if j % max(1, len(shorts)) >= keep:
                    pass
            # alternate: keep every other according to ratio
            chosen = [i for idx, i in enumerate(shorts) if (idx * KEEP_SHORT.get(fam, 0.5 if clean else 0.5)) % 1 >= KEEP_SHORT.get(fam, 0.5 if clean else 0.5) or KEEP_SHORT.get(fam, 0.5 if clean else 0.5) == 0]
            chosen = shorts[keep:] if not chosen else chosen
            for i in chosen:
                p, n = new[i]; new[i] = (ext_short(fam, p, clean), n)
            meds = [i for i, (p, n) in enumerate(new) if bucket(p) == "medium" and i not in chosen]
            nl = int(round((0 if fam.startswith(('json', 'brief', 'shot')) else LONGIFY.get(fam, 0.13 if clean else 0)) * len(new)))
            for i in meds[::2][:nl] + meds[1::2][:max(0, nl - len(meds[::2]))]:
                p, n = new[i]; new[i] = (ext_long(fam, p, clean), n)
            out[fam] = new
        with open(f, "w", encoding="utf-8") as fh:
            fh.write("FAMILIES = {\n")
            for fam, items in out.items():
                fh.write(f"{fam!r}: [\n")
                for it in items: fh.write(f"    {it!r},\n")
                fh.write("],\n")
            fh.write("}\n")

if __name__ == "__main__":
    main(sys.argv[1])
