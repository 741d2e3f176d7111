from celery import shared_task


@shared_task
def build_export(export_id):
    """Build one Export (shortlisting/exports.py); ids in, the row says the outcome."""
    from .exports import build
    from .models import Export

    export = Export.objects.select_related("post__call", "requested_by").get(pk=export_id)
    if export.status != Export.Status.QUEUED:
        return export.status  # built already (a redelivered message)
    build(export)
    return Export.objects.get(pk=export_id).status
