"""Development on one machine: SQLite, an embedded SQLite broker, the console e-mail."""

from .base import *  # noqa: F403
from .env import env

DEBUG = env.bool("DEBUG", default=True)
