from wagtail import hooks

from .responses import private_file_response


# After Wagtail's own check of the collection's view restrictions (order 0), which turns away whoever
# may not see the document: what reaches this hook may be served.
@hooks.register("before_serve_document", order=1)
def serve_private_documents_as_attachments(document, request):
    if not document.file_is_private:
        return None
    return private_file_response(document.file.open("rb"), document.filename, document.content_type)
