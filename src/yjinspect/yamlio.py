"""YAML reading where yes and no stay words.

YAML 1.1 (PyYAML's default) reads ``yes``, ``no``, ``on`` and ``off`` as booleans, which would
turn the domain's own key ``yes`` into ``True``. This loader keeps YAML 1.2's rule: only
``true`` and ``false`` are booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def yaml_loader() -> type[yaml.SafeLoader]:
    """The loader class: safe, with only true and false as booleans."""
    return _Loader


def load_yaml(text: str) -> Any:
    """Parse YAML text; raises ``yaml.YAMLError`` on bad syntax."""
    return yaml.load(text, Loader=_Loader)
