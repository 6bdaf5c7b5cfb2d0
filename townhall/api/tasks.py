"""Background upkeep for the API: forget Idempotency-Key records after 24 hours.

Each person's expired keys are also purged on their next keyed request
(townhall.api.idempotency.run_once); this task sweeps everyone's, for a scheduler or an
operator: `purge_idempotency_keys.enqueue()`.
"""

from townhall.api.idempotency import purge_expired_keys
from townhall.core.tasks import retrying_task


@retrying_task()
def purge_idempotency_keys(*, attempt: int) -> int:
    """Delete every key older than 24 hours; safe to run twice. Returns how many went."""
    return purge_expired_keys()
