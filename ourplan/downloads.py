"""A file to download: a PDF, a Word document, a zip."""

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content, content_type, filename):
    """``content`` as a download called ``filename``, never kept in a shared cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
