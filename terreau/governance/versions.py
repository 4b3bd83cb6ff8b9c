"""What changed between two versions of a decree, word by word."""

import difflib
import re


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Segments ("same" | "del" | "ins", text) that turn `old` into `new`."""
    before, after = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    segments = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("del", "".join(before[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(("ins", "".join(after[b1:b2])))
    return segments
