"""Analysis: pure functions from the dataset's tables to the tables a brief shows.

No charts, templates or I/O here; every function takes DataFrames and returns DataFrames or
frozen dataclasses."""
