"""Text written as one YAML value on one line, so that YAML reads back the same text.

The files ``ocop-site new`` and ``ocop-site import`` write are edited by hand afterwards,
so a value stays plain when it can and is quoted only when YAML would misread it.
"""
from __future__ import annotations

import json

import yaml

__all__ = ["quoted", "scalar"]


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML value (JSON's strings are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def scalar(text: str) -> str:
    """``text`` as a YAML value on one line: plain when YAML reads it back as it is, else quoted."""
    try:
        plain = yaml.safe_load(text) == text and "#" not in text and ": " not in text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)
