from django.http import HttpResponseRedirect
from wagtail import hooks


# After Wagtail's own check of the collection's view restrictions (order 0), which turns away whoever
# may not see the document. Wagtail would serve it inline; the private files' view hands it over as an
# attachment in a sandbox, checking again.
@hooks.register("before_serve_document", order=1)
def serve_private_documents_from_private_storage(document, request):
    if document.file_is_private:
        return HttpResponseRedirect(document.file.url)
    return None
