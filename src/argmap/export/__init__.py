"""Exports of the model to other formats."""
