"""argmap: map, validate, compare and draw the arguments of texts."""

__version__ = "0.1.0"
