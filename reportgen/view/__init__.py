"""The brief in one language: view-models of formatted tables and sentences (the "view" stage)."""
