"""Payload coding of watermark v2: keyed scrambling, check tag and a convolutional code.

id (48 bits) ─► id ‖ tag16 = HMAC(key, id)[:2] ─► 64-bit keyed Feistel permutation
            ─► rate-1/2, K=7 convolutional code (133, 171 octal) + 6 tail bits = 140 coded bits

Decoding is soft-decision Viterbi, then the Feistel inverse, then the tag check. Without the
key the coded bits of a given id cannot be predicted (so a mark cannot be forged for a
chosen id), and a read under another key fails the tag check (2^-16) on top of failing the
keyed synchronisation that comes first.
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np

ID_BITS = 48
TAG_BITS = 16
INFO_BITS = ID_BITS + TAG_BITS
_K = 7
_G = (0o133, 0o171)
_TAIL = _K - 1
CODED_BITS = 2 * (INFO_BITS + _TAIL)
_ROUNDS = 4


def _parity(x: np.ndarray) -> np.ndarray:
    x = x.copy()
    out = np.zeros_like(x)
    while np.any(x):
        out ^= x & 1
        x >>= 1
    return out


# Trellis: state = last 6 inputs (newest in bit 0); register = (state << 1) | input.
_STATES = 1 << (_K - 1)
_REG = np.arange(1 << _K)
_OUT = np.stack([_parity(_REG & g) for g in _G], axis=1)  # (128, 2) coded bits per register
_SYM = (2.0 * _OUT - 1.0)  # ±1 symbols


class PayloadCipher:
    """Keyed, invertible map between a 48-bit id and the 64 information bits of a mark."""

    def __init__(self, tag_key: bytes, feistel_key: bytes) -> None:
        self._tag_key = tag_key
        self._feistel_key = feistel_key

    def _round(self, i: int, half: int) -> int:
        d = hmac.new(self._feistel_key, bytes([i]) + half.to_bytes(4, "big"), hashlib.sha256).digest()
        return int.from_bytes(d[:4], "big")

    def _tag(self, ident: bytes) -> int:
        return int.from_bytes(hmac.new(self._tag_key, ident, hashlib.sha256).digest()[:2], "big")

    def seal(self, ident: bytes) -> int:
        block = (int.from_bytes(ident, "big") << TAG_BITS) | self._tag(ident)
        left, right = block >> 32, block & 0xFFFFFFFF
        for i in range(_ROUNDS):
            left, right = right, left ^ self._round(i, right)
        return (left << 32) | right

    def open(self, block: int) -> bytes | None:
        left, right = block >> 32, block & 0xFFFFFFFF
        for i in reversed(range(_ROUNDS)):
            left, right = right ^ self._round(i, left), left
        plain = (left << 32) | right
        ident = (plain >> TAG_BITS).to_bytes(ID_BITS // 8, "big")
        return ident if self._tag(ident) == (plain & 0xFFFF) else None


def int_to_bits(word: int, n: int = INFO_BITS) -> np.ndarray:
    return np.array([(word >> (n - 1 - i)) & 1 for i in range(n)], dtype=np.int64)


def bits_to_int(bits: np.ndarray) -> int:
    word = 0
    for b in bits:
        word = (word << 1) | int(b)
    return word


def conv_encode(bits: np.ndarray) -> np.ndarray:
    """Rate-1/2 convolutional code with a zero tail: (INFO_BITS,) {0,1} -> (CODED_BITS,) {0,1}."""
    u = np.concatenate([np.asarray(bits, dtype=np.int64), np.zeros(_TAIL, dtype=np.int64)])
    out = np.empty((u.size, 2), dtype=np.int64)
    state = 0
    for t, b in enumerate(u):
        reg = (state << 1) | int(b)
        out[t] = _OUT[reg]
        state = reg & (_STATES - 1)
    return out.ravel()


# Predecessors of each next state ns: state p = (ns >> 1) | (x << 5), input b = ns & 1.
_NS = np.arange(_STATES)
_PRED = np.stack([(_NS >> 1) | (x << (_K - 2)) for x in (0, 1)])  # (2, 64)
_PRED_REG = (_PRED << 1) | (_NS & 1)[None, :]  # (2, 64) register of each transition


def viterbi(soft: np.ndarray) -> np.ndarray:
    """Soft-decision Viterbi (positive soft value = coded bit 1) ending in state 0: the
    most likely information bits."""
    r = np.asarray(soft, dtype=np.float64).reshape(-1, 2)
    steps = r.shape[0]
    branch = (_SYM @ r.T).T  # (steps, 128 registers)
    b0, b1 = np.ascontiguousarray(branch[:, _PRED_REG[0]]), np.ascontiguousarray(branch[:, _PRED_REG[1]])
    p0, p1 = _PRED[0], _PRED[1]
    metric = np.full(_STATES, -np.inf)
    metric[0] = 0.0
    choice = np.empty((steps, _STATES), dtype=np.int8)
    for t in range(steps):
        c0 = metric[p0] + b0[t]
        c1 = metric[p1] + b1[t]
        pick = c1 > c0  # ties keep predecessor 0, as argmax did
        choice[t] = pick
        metric = np.where(pick, c1, c0)
    state = 0
    bits = np.empty(steps, dtype=np.int64)
    for t in range(steps - 1, -1, -1):
        bits[t] = state & 1
        state = _PRED[choice[t, state], state]
    return bits[:INFO_BITS]
