"""One JSON shape for every 4xx: {"code", "message", "errors"}.

Messages say what is wrong with the request, never what is inside the system.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from nominations.uploads import UploadRejected
from workflows import audit
from workflows.errors import TransitionError

logger = logging.getLogger(__name__)

TRANSITION_STATUS = {
    TransitionError.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    TransitionError.CONFLICT: status.HTTP_409_CONFLICT,
    TransitionError.INVALID: status.HTTP_400_BAD_REQUEST,
    TransitionError.UNKNOWN: status.HTTP_400_BAD_REQUEST,
}


def error_body(code, message, errors=None):
    return {"code": code, "message": message, "errors": errors or {}}


def _field_errors(detail, prefix=""):
    """Flatten DRF's nested errors to {"candidate.email": ["..."], "duties.0": ["..."]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _record_refusal(request, view):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    audit.record_alone(
        "permission.denied",
        actor=user,
        details={"method": request.method, "path": request.path, "view": type(view).__name__},
    )


def exception_handler(exc, context):
    request, view = context.get("request"), context.get("view")
    if isinstance(exc, TransitionError):
        body = error_body(exc.kind, str(exc), exc.field_errors)
        if exc.transition:
            body["transition"] = exc.transition
        if exc.state:
            body["state"] = exc.state
        return Response(body, status=TRANSITION_STATUS[exc.kind])
    if isinstance(exc, UploadRejected):
        return Response(
            error_body(exc.code, exc.message, {"file": [exc.message]}), status=exc.status
        )
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
        message = f"The request body is too large: at most {limit:g} MB is accepted."
        return Response(error_body("too_large", message), status=413)
    if isinstance(exc, TooManyFieldsSent):
        return Response(error_body("too_many_fields", "The request has too many fields."), 400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            "invalid", "The request is not valid; see the field errors.", _field_errors(exc.detail)
        )
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        _record_refusal(request, view)
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if not isinstance(code, str):
        code = "error"
    response.data = error_body(code, str(detail))
    return response


class NotFoundView(APIView):
    """Any path under /api/ that names nothing: answered as a missing object is."""

    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()


def page_not_found(request, exception=None):
    """The project's 404 handler: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        response = NotFoundView.as_view()(request)
        return response.render()
    return defaults.page_not_found(request, exception)
