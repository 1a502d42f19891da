"""Rendering: the Jinja environment, the HTML brief and the PDF brief."""
