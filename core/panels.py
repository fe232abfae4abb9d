"""Panels of the Wagtail admin dashboard."""

from wagtail.admin.ui.components import Component


class DashboardPanel(Component):
    """A dashboard panel rendered from a template with the data given; each app supplies its own."""

    def __init__(self, name: str, order: int, template_name: str, context: dict):
        self.name = name
        self.order = order
        self.template_name = template_name
        self.context = context

    def get_context_data(self, parent_context):
        return self.context
