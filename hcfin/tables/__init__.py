"""Finding the nine standard tables in a document and turning their cells into facts."""

from .recognize import TableRegion, classify_title, find_tables
from .mapping import map_tables

__all__ = ["TableRegion", "classify_title", "find_tables", "map_tables"]
