from wagtail import hooks

from .avatars import initials_avatar_url


@hooks.register("get_avatar_url")
def initials_unless_uploaded(user, size):
    """Users without an uploaded picture are shown by their initials. Wagtail shows an uploaded picture
    as usual, and its neutral picture where no one acted (a change made by the system)."""
    if getattr(user, "pk", None) is None:
        return None
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None
    return initials_avatar_url(user)
