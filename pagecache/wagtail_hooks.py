from wagtail import hooks

from .store import remember_served_page


@hooks.register("before_serve_page")
def note_served_page(page, request, serve_args, serve_kwargs):
    """The page cache needs to know which page a response shows (own content or a listing)."""
    remember_served_page(request, page)
