"""The notice as segments, the screened phrases marked, so a principal sees what triggered what."""


def highlighted(text: str, hits) -> list[tuple[str, int | None]]:
    """(piece of text, negative-list item or None) in order; overlapping hits merge into one mark."""
    marks = [None] * len(text)
    for hit in sorted(hits, key=lambda h: h.start):
        for index in range(hit.start, min(hit.end, len(text))):
            marks[index] = marks[index] or hit.no
    segments, start = [], 0
    for index in range(1, len(text) + 1):
        if index == len(text) or marks[index] != marks[start]:
            segments.append((text[start:index], marks[start]))
            start = index
    return segments
