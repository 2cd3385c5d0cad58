"""Mandatory disclosure of every output: visible label → watermark → XMP → C2PA → read-back.

The public surface is the vocabulary of a disclosure (what a consent assertion and a
disclosure context hold). The pipeline that signs files, :mod:`creator.disclosure._pipeline`,
is internal: only ``Studio.generate`` runs it, after a recorded decision.
"""

from creator.disclosure.context import ConsentAssertion, DisclosureContext, GenerationSettings, LikenessEntry, SignedImage

__all__ = ["ConsentAssertion", "DisclosureContext", "GenerationSettings", "LikenessEntry", "SignedImage"]
