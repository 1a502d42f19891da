"""The brief's sections, in order: one list that the brief, its templates' contents list and
the commentary (which may carry a comment per section) all read."""

from __future__ import annotations

FRONT = "findings"  # the executive summary, with the rule-based data highlights below it
SECTIONS = ["whats_new", "scoreboard", "scale", "events", "subsidies", "audience", "categories", "economics",
            "deep_dive", "implications", "outlook", "caveats", "methodology"]
BACK_MATTER = ["sources", "glossary", "lists", "disclaimer"]
# The executive summary's parts after its opening paragraphs: what changed this quarter, what it
# means for brands, what to watch next quarter.
SUMMARY_PARTS = ["changed", "brands", "watch"]
SUMMARY = "summary"  # the commentary's opening text, before any keyed heading
COMMENT_KEYS = [SUMMARY, *SUMMARY_PARTS, *SECTIONS]
# The brief's charts in the order the sections show them; "Figure n" is a chart's place here.
CHARTS = ["gmv", "growth", "quarterly", "share", "multiples", "subsidies", "demographics_gender", "demographics_age",
          "demographics_city_tier", "skew", "categories", "economics"]
