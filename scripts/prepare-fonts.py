#!/usr/bin/env python3
"""Prepares the shipped Inter fonts for fast shaping, with not a glyph moved on the page.

    python3 scripts/prepare-fonts.py templates/fonts/Inter-*.otf

Run once on the fonts as released (Inter 3.19, .otf, as in Debian's fonts-inter); it
rewrites them in place and may be run again. Needs fontTools (`pip install fonttools`).
Two changes, measured with `valgrind --tool=callgrind` on the benchmark corpus
(docs/benchmarks.md):

1. The `ccmp` feature is dropped with its lookups. Its lookups join a letter and a
   combining mark into the accented glyph, and the shaper already does so (rustybuzz
   composes a letter and a mark into the precomposed character whenever the font has
   it), so they only cost time: tried on every glyph of every line the line breaker
   sets, they were about a quarter of the PDF's instructions.
2. Class definitions (GDEF glyph classes, the kerning classes of GPOS) are written as
   arrays, found by index instead of by a binary search over ranges: about 7 % fewer.

Every other table is written back byte for byte.
"""
import sys

import fontTools.subset  # noqa: F401 (gives GSUB its subset_feature_tags and prune_lookups)
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

CHANGED = ("GSUB", "GPOS", "GDEF")


def class_array(self, font):
    """ClassDef.preWrite that always chooses the array format (format 1)."""
    ranges = self._getClassRanges(font)
    if not ranges:
        self.Format = 2
        return {"ClassRangeRecord": []}
    first, last = ranges[0][1], ranges[-1][3]
    classes = [0] * (last - first + 1)
    for cls, start, _, end, _ in ranges:
        classes[start - first : end - first + 1] = [cls] * (end - start + 1)
    self.Format = 1
    return {"StartGlyph": ranges[0][2], "ClassValueArray": classes}


def prepare(path):
    font = TTFont(path, recalcTimestamp=False, recalcBBoxes=False)
    gsub = font["GSUB"]
    gsub.subset_feature_tags(
        {r.FeatureTag for r in gsub.table.FeatureList.FeatureRecord} - {"ccmp"}
    )
    gsub.prune_lookups()
    for tag in ("GPOS", "GDEF"):
        font[tag].ensureDecompiled()
    for tag in set(font.tables) - set(CHANGED):
        del font.tables[tag]  # written back byte for byte
    font.save(path)


if __name__ == "__main__":
    otTables.ClassDef.preWrite = class_array
    for path in sys.argv[1:]:
        prepare(path)
