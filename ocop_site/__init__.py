"""ocop-site: a static, multilingual, offline-friendly catalogue of OCOP products."""

__version__ = "0.1.0"
