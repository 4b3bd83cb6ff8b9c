"""Tasks of the durable queue for the agenda."""

from django_tasks import task


@task()
def confirm_registration(registration_id: int) -> bool:
    """Write the confirmation e-mail of a registration, out of the request
    that registered (its template and the event's .ics are the slow part)."""
    from . import services  # services enqueue this task

    return services.confirm_registration(registration_id)
