"""The one way a private file leaves the site: as a download the browser may not run or render as a page."""

from __future__ import annotations

from django.http import FileResponse

# `sandbox` treats the file as coming from a unique origin with scripts, forms and plug-ins off, even
# where a browser ignores `attachment` (an SVG or HTML disguised as a PDF, opened from the downloads).
PRIVATE_FILE_CSP = "sandbox; default-src 'none'"


def private_file_response(file, filename: str, content_type: str | None = None) -> FileResponse:
    """Streams `file` (open, binary) as an attachment named `filename`, never cached by a shared cache."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["Content-Security-Policy"] = PRIVATE_FILE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
