"""Periodic upkeep of the precomputed home feed (townhall/feeds/lists.py)."""

from townhall.core.schedule import every
from townhall.feeds import lists


@every(minutes=5)
def trim_home_lists() -> int:
    """Keep each list near CAP entries: the TRIM_BATCH lists trimmed longest ago."""
    return lists.trim_due()


@every(hours=1)
def drop_idle_home_lists() -> int:
    """Forget the lists of people away for more than ACTIVE_DAYS (rebuilt on return)."""
    return lists.drop_idle()
