"""The output face scan embeds what it finds once: every SFace run of a generation is one of the
output scan's own (find_faces), never the same aligned crop twice, and at most two per face
found (its upright alignment and, when that one shows too little facial detail, the re-aligned
one of the verification). The match against the enrolled templates and the carry-over check
reuse those embeddings (issue 17: 5 SFace runs for the packaged GAN's 4 outputs at 512² are 4
faces and one re-alignment, not a face embedded twice)."""

from __future__ import annotations

import hashlib


def test_the_output_scan_embeds_each_aligned_face_once(engine_world, monkeypatch):
    from consent import _face_runtime, likeness
    from studio_world import astronaut

    engine_world.add_person("eileen", "Eileen Collins", photo=astronaut())  # so that output faces are embedded
    studio = engine_world.studio()
    crops: list[tuple[str, bool]] = []  # (digest of the aligned crop, inside find_faces) per SFace run
    inside = [False]
    real_feature, real_find = _face_runtime.SFace.feature, likeness.find_faces

    def feature(self, crop):
        crops.append((hashlib.sha256(crop.tobytes()).hexdigest(), inside[0]))
        return real_feature(self, crop)

    scans = []

    def find_faces(*args, **kwargs):
        inside[0] = True
        try:
            found = real_find(*args, **kwargs)
        finally:
            inside[0] = False
        scans.append(found)
        return found

    monkeypatch.setattr(_face_runtime.SFace, "feature", feature)
    monkeypatch.setattr(likeness, "find_faces", find_faces)
    result = studio.generate(engine_world.request(purpose="art", engine="gan", width=512, height=512, seed=1234,
                                                  num_images=4))
    assert len(result.outputs) == 4 and len(scans) == 4
    faces = [f for s in scans for f in s.faces if f.embedding is not None]
    assert len(faces) >= 4  # the packaged GAN draws a face in every output
    assert crops and all(within for _, within in crops)  # matching and carry-over embed nothing again
    digests = [d for d, _ in crops]
    assert len(set(digests)) == len(digests)  # no aligned crop embedded twice
    assert len(faces) <= len(crops) <= 2 * len(faces)
