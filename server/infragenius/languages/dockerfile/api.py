"""The Dockerfile's rule-authoring API: what a rule pack outside this package builds on.

The premium packs (``tiers/packs/cis_docker.py``) and third-party packs (the ``infragenius.plugins`` entry
point) import this module and nothing else of the package (the layer test holds the packs of this
repository to it): the base class of Dockerfile rules, the model helpers a check needs, and the rules a pack
re-labels or re-runs. What is not named here may change without notice.
"""

from __future__ import annotations

from .model import Dockerfile, Instruction, Stage
from .rules._base import DockerfileRule, has_variable, stage_chain
from .rules.copy_add import AddInsteadOfCopy
from .rules.instructions import LastUserRoot
from .rules.run_update import PackageUpdateAlone
from .rules.variables import SecretsInArgOrEnv

__all__ = [
    "AddInsteadOfCopy",
    "Dockerfile",
    "DockerfileRule",
    "Instruction",
    "LastUserRoot",
    "PackageUpdateAlone",
    "SecretsInArgOrEnv",
    "Stage",
    "has_variable",
    "stage_chain",
]
