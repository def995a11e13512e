"""Tight-binding transport engine (filled in by its owner)."""
