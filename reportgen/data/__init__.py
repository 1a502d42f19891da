"""Datasets: the package descriptor, reading CSVs, validation, and the typed Dataset."""

from reportgen.data.dataset import Dataset, load_dataset
from reportgen.data.validate import validate

__all__ = ["Dataset", "load_dataset", "validate"]
