"""InfraGenius: diagnostics, hovers and AI fixes for infrastructure files."""

__version__ = "0.1.0"
