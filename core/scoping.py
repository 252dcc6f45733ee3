"""One scope per audience: the rows a signed-in person may see.

Every model a signed-in role can reach has a queryset whose ``for_user(user)``
answers "may this user see this object?" once for every door: the views, the
document builders, the exports, the htmx fragments and the commands. An object
outside the scope is a 404, never a 403, so that its existence never leaks
(STYLE.md §3 and §12).
"""

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """``for_user``: coordinators see every row; others what ``for_member``
    gives (nothing unless the model says otherwise); visitors see nothing."""

    def for_user(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.for_member(user)

    def for_member(self, user):
        """The rows a signed-in funder or partner sees (none by default)."""
        return self.none()
