"""The head of the audit chain: the last event's place and hash, in one row that every new
event locks, so events are sealed one at a time in one order (see :mod:`.chain`)."""

from __future__ import annotations

from django.db import models


class ChainHead(models.Model):
    """The one row (pk 1) holding the chain's latest sequence number and hash. Keeping it
    lets ``audit verify`` see that the latest events were not removed."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "audit chain head"
