"""Province-scale data: one module per model family, each registering its families with `@family`."""

from . import accounts, advisers, budgets, contracts, reviews, selection  # noqa: F401  (registers the families)
from .base import FAMILIES, Context, family, run

__all__ = ["FAMILIES", "Context", "family", "run"]
