"""The version of the toolkit, in one place (``pyproject.toml`` reads it; the index cache keys on it).

Example:
    >>> from toolkit._version import __version__
    >>> __version__
    '0.1.0'
"""
__version__ = "0.1.0"
