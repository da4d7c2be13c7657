"""Ficshelf: a self-hosted fanfiction archive."""

__version__ = "0.1.0"
