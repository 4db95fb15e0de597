from django import template

register = template.Library()


@register.filter
def person(user):
    """A staff user's full name, else their username; "—" for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
