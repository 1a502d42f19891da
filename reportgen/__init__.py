"""reportgen: sourced, bilingual quarterly strategy briefs on China's e-commerce platforms."""

__version__ = "0.1.0"
