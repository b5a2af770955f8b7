"""bpcore: a small numpy engine for backpropagation in layered networks.

Every number, figure and checked equation on the bpdocs site comes from here.
See :mod:`bpcore.network` for the notation and how it maps to arrays.
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .errors import BPCoreError, NonFiniteError, ShapeError
from .gradcheck import GradcheckReport, ParameterIndex, gradcheck, numeric_gradients
from .losses import CategoricalCrossEntropy, CrossEntropy, SquaredError
from .network import ForwardPass, Gradients, Network
from .paths import Path, path_gradients, path_sums, paths
from .train import TrainingHistory, sgd_step, train

__all__ = [
    "ACTIVATIONS", "Activation", "BPCoreError", "CategoricalCrossEntropy", "ForwardPass", "GradcheckReport", "Gradients",
    "CrossEntropy", "Network", "NonFiniteError", "ParameterIndex", "Path", "ShapeError", "SquaredError",
    "TrainingHistory", "get_activation", "gradcheck", "numeric_gradients", "path_gradients",
    "path_sums", "paths", "sgd_step", "train",
]
