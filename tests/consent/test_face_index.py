"""The face index answers like a brute-force search: best subject, its similarity and the
runner-up subject's, also when a large index screens its matmul with an int8 copy."""

from __future__ import annotations

import numpy as np
import pytest

from consent import likeness
from consent.likeness import EMBEDDING_DIM, FaceIndex


def _brute(ids: list[str], matrix: np.ndarray, q: np.ndarray) -> tuple[str, float, float]:
    m = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    sims = m.astype(np.float64) @ q.astype(np.float64)
    per = {}
    for sid, s in zip(ids, sims):
        per[sid] = max(per.get(sid, -2.0), s)
    ranked = sorted(per.items(), key=lambda kv: -kv[1])
    return ranked[0][0], ranked[0][1], ranked[1][1] if len(ranked) > 1 else -1.0


@pytest.mark.parametrize("screen_from", [10**9, 64], ids=["matmul", "int8-screen"])
def test_search_finds_the_same_best_and_runner_up_as_brute_force(monkeypatch, screen_from):
    monkeypatch.setattr(likeness, "_SCREEN_MIN_ROWS", screen_from)
    rng = np.random.default_rng(5)
    for trial in range(40):
        n_subjects = int(rng.integers(2, 300))
        ids = [f"p{i:03d}" for i in range(n_subjects) for _ in range(int(rng.integers(1, 6)))]
        rng.shuffle(ids)
        matrix = rng.standard_normal((len(ids), EMBEDDING_DIM)).astype(np.float32)
        if trial % 2:  # faces are alike: a shared component, like real embeddings
            matrix += 1.5 * rng.standard_normal(EMBEDDING_DIM).astype(np.float32)
        index = FaceIndex.from_templates(ids, matrix)
        queries = rng.standard_normal((3, EMBEDDING_DIM)).astype(np.float32)
        queries[0] = matrix[int(rng.integers(len(ids)))] + 0.1 * queries[0]  # someone enrolled
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        index._search(queries)  # a large index builds its screen at the second search
        for q, best in zip(queries, index._search(queries)):
            sid, sim, runner = _brute(ids, matrix, q)
            assert best.subject_id == sid
            assert best.similarity == pytest.approx(sim, abs=1e-5)
            assert best.runner_up == pytest.approx(runner, abs=1e-5)
        assert (index._screen is not None) == (len(ids) >= screen_from)


def test_a_large_index_screens_from_its_second_search_and_still_finds_the_enrolled_face():
    rng = np.random.default_rng(1)
    bulk = rng.standard_normal((likeness._SCREEN_MIN_ROWS + 100, EMBEDDING_DIM)).astype(np.float32)
    ids = [f"s{i // 5}" for i in range(len(bulk))]
    index = FaceIndex.from_templates(ids, bulk)
    face = bulk[1234] / np.linalg.norm(bulk[1234])
    first = index.search(face[None])
    assert index._screen is None  # a one-off search pays for no screen
    second = index.search(face[None])
    assert index._screen is not None
    assert first[0][0] == second[0][0] == "s246" and second[0][1] == pytest.approx(1.0, abs=1e-5)
    assert second[0][1] == pytest.approx(first[0][1], abs=3e-7)


def test_the_screens_integer_products_are_exact_for_the_largest_sums(monkeypatch):
    """ONNX Runtime's uint8 × int8 product adds pairs of products in 16-bit lanes on x86 without
    AVX-512 VNNI; rows quantised to ±127 saturated there (an AMD EPYC: 91 % of the products
    wrong, and this file's brute-force comparison failed). The screen's rows are within ±63, so
    the products are exact for the queries that reach the largest sums, on any processor."""
    monkeypatch.setattr(likeness, "_SCREEN_MIN_ROWS", 64)
    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((4000, EMBEDDING_DIM)).astype(np.float32)
    matrix[7] = np.abs(matrix[7]) + 1.0  # a row of one sign, nearly flat: its entries all near the largest
    index = FaceIndex.from_templates([f"p{i}" for i in range(len(matrix))], matrix)
    index.search(matrix[:1])
    index.search(matrix[:1])
    screen = index._screen
    assert screen is not None
    q = np.rint(index._matrix / screen._scale[:, None]).astype(np.int32)
    assert int(np.abs(q).max()) <= 63
    for qi in (np.full(EMBEDDING_DIM, 127), np.full(EMBEDDING_DIM, -127), rng.integers(-127, 128, EMBEDDING_DIM)):
        assert np.array_equal(screen._dots(qi), q @ qi)


def test_an_index_whose_screen_is_not_exact_searches_without_it(monkeypatch, caplog):
    """Should the integer product not be exact on some processor (simulated: every sum off by
    4,000), the screen is refused when built, the operator's log says why, and every search
    reads the float32 matrix: the same best subject and runner-up as brute force."""
    monkeypatch.setattr(likeness, "_SCREEN_MIN_ROWS", 64)
    exact_dots = likeness._Int8Screen._dots
    monkeypatch.setattr(likeness._Int8Screen, "_dots", lambda self, qi: exact_dots(self, qi) + 4000)
    rng = np.random.default_rng(9)
    ids = [f"p{i // 3:03d}" for i in range(900)]
    matrix = rng.standard_normal((len(ids), EMBEDDING_DIM)).astype(np.float32)
    index = FaceIndex.from_templates(ids, matrix)
    with caplog.at_level("WARNING", logger="consent.likeness"):
        for _ in range(3):
            q = rng.standard_normal(EMBEDDING_DIM).astype(np.float32)
            q /= np.linalg.norm(q)
            best = index._search(q[None])[0]
            sid, sim, runner = _brute(ids, matrix, q)
            assert (best.subject_id, round(best.similarity, 5), round(best.runner_up, 5)) == (sid, round(sim, 5), round(runner, 5))
    assert index._screen is None
    assert "not exact on this processor" in caplog.text and caplog.text.count("not exact") == 1
