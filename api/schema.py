"""drf-spectacular hook: document the one error shape on every operation."""

ERROR_STATUSES = {
    "400": "Invalid input, with field errors.",
    "401": "Not signed in.",
    "403": "Your role may never take this action.",
    "404": "Not found, or outside your scope.",
    "409": "Not allowed from the object's current state, or a duplicate.",
}
BODY_STATUSES = {"413": "Request body too large."}
UPLOAD_STATUSES = {
    "413": "File too large.",
    "415": "File type not accepted (PDF, DOCX or ODT, judged by content).",
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "errors"],
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "transition": {"type": "string"},
        "state": {"type": "string"},
    },
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        if path.endswith("/schema/"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            statuses = dict(ERROR_STATUSES)
            if method in ("post", "put", "patch"):
                statuses.update(BODY_STATUSES)
            if path.endswith("/documents/") and method == "post":
                statuses.update(UPLOAD_STATUSES)
            for code, description in statuses.items():
                responses.setdefault(code, {"description": description, "content": reference})
    return result
