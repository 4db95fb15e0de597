from django.db import models


class RateLimitCount(models.Model):
    """Requests one client made in one fixed window, shared by every worker (portal.ratelimit).

    Used when there is no Redis; never shown in the admin. The key holds the
    scope, a keyed hash of the client's address (never the address) and the
    window's number; rows of ended windows are deleted as counting goes on.
    """

    key = models.CharField(max_length=160, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.BigIntegerField(db_index=True)  # Unix time, seconds
