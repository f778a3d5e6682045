"""Comparison of several authors' maps, question by question."""

from argmap.compare.analysis import Comparison, compare

__all__ = ["Comparison", "compare"]
