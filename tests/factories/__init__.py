"""Factories, one module per app, re-exported here."""

from .core import *  # noqa: F403
from .evaluations import *  # noqa: F403
from .events import *  # noqa: F403
from .partners import *  # noqa: F403
from .syntheses import *  # noqa: F403
from .workshops import *  # noqa: F403
