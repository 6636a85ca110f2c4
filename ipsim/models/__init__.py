"""Model families, one per module, all vectorised over draws; see :mod:`ipsim.models.base`."""

from ipsim.models import compound_growth, count_additions, funded_units, logistic_share
from ipsim.models.base import MODELS, Model, ModelContext, ParamSpec, register_model

__all__ = [
    "MODELS",
    "Model",
    "ModelContext",
    "ParamSpec",
    "compound_growth",
    "count_additions",
    "funded_units",
    "logistic_share",
    "register_model",
]
