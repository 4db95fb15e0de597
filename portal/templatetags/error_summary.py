"""`{% error_summary form %}` at the top of a form's page and `{% error_title form %}` at the start of its
title: one way for every public form to say what went wrong (portal.form_errors)."""
from django import template

from portal import form_errors

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, note=""):
    """The summary box, or nothing when no form given has errors. `note` is a sentence shown under the
    heading (e.g. that everything typed is still there)."""
    return {"errors": form_errors.error_links(*forms), "note": note}


@register.simple_tag
def error_title(*forms):
    return form_errors.title_prefix(*forms)


@register.filter
def non_field_errors_id(form):
    return form_errors.non_field_errors_id(form)
