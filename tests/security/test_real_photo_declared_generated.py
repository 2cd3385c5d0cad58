"""A real person's enrollment photo that declares itself generated in its XMP (IPTC digital source
type, as another generator writes it) is refused in every format enrollment takes. Red team s64 F
found the WebP's own metadata unread (verify, which the check leans on, reads PNG and JPEG only)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from consent.errors import RecordInvalid

_XMP = ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/{term}"/>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def _photo(fmt: str, term: str) -> bytes:
    from tests.studio_world import astronaut

    xmp = _XMP.format(term=term)
    buf = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp)
        astronaut().save(buf, "PNG", pnginfo=info)
    else:
        astronaut().save(buf, fmt, xmp=xmp.encode(), **({"quality": 95} if fmt == "JPEG" else {"lossless": True}))
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_photo_whose_xmp_says_generated_is_refused(engine_world, tmp_path, fmt):
    w = engine_world
    w.ops.add_subject("ann", "Ann Example")
    path = tmp_path / f"ann.{fmt.lower()}"
    path.write_bytes(_photo(fmt, "trainedAlgorithmicMedia"))
    with pytest.raises(RecordInvalid, match=r"declares itself generated \(trainedAlgorithmicMedia\)"):
        w.ops.enroll("ann", [path])
    assert w.registry.template_photos("ann") == {}


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_a_camera_photo_that_says_so_is_enrolled(engine_world, tmp_path, fmt):
    w = engine_world
    w.ops.add_subject("ann", "Ann Example")
    path = tmp_path / f"ann.{fmt.lower()}"
    path.write_bytes(_photo(fmt, "digitalCapture"))
    assert len(w.ops.enroll("ann", [path])) == 1
