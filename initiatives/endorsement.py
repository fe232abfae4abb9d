"""The Expo Hall's endorsement rule."""


def endorsement_required(hall, call) -> bool:
    """The Expo Hall rule: only initiatives a local authority endorsed are shown there, unless their call
    waives it. The one statement of it, asked by the model, the editor's form, screening and the importer.
    `hall` is the page the initiative is (or would be) placed under; any page but a hall requires nothing.
    """
    if not getattr(hall, "requires_endorsement", False):
        return False
    return call is None or call.endorsement_required_for_expo
