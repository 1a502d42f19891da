"""Charts: the house theme and one builder per analysis (tables in, alt.Chart out; no I/O)."""
