"""Screening a notice: which items of the negative list and which rules its text falls under."""
