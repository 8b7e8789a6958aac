"""rashomon: read news articles against each other."""

from .model import SCHEMA_VERSION, Article, Story

__version__ = "0.1.0"
__all__ = ["Article", "Story", "SCHEMA_VERSION", "__version__"]
