"""Directory work that runs on the task queue: importing a large spreadsheet."""

from django_tasks import task


@task()
def import_run(*, batch_id: int) -> str:
    """Import a file a coordinator checked and confirmed; progress is kept on its batch."""
    from twinning.directory import services

    return services.import_finish(batch_id=batch_id).status
