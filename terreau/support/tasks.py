"""Tasks of the durable queue for the accompaniment."""

from django_tasks import task


@task()
def expire_offers(request_id: int) -> int:
    """When a request's offers reach their delay: those still unanswered
    expire and the request moves on to the next experts."""
    from . import services  # services enqueue this task

    return services.expire_offers(request_id=request_id)
