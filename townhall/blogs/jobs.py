"""Periodic jobs of the blogs (found by townhall.core.schedule)."""

from townhall.blogs import actions
from townhall.core.schedule import every


@every(minutes=1)
def publish_due_articles() -> int:
    """Publish scheduled articles whose time has come."""
    return actions.publish_due_articles()
