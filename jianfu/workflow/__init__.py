"""Pure state machines: which transitions a demand (and later cases, secondments) may make."""
