"""What a form in its error state tells the reader before anything else (WCAG 3.3.1, 3.3.2).

Every public form shows one error summary at the top of the page: each error
as a link to the field it is about, and errors that concern the whole form
(wrong e-mail or password, a refused code) as a link to the form's first
field, so every line leads somewhere. The page title starts with "Error:"
so the first thing a screen reader says after a failed submit is that it failed.
"""
from dataclasses import dataclass

from django.utils.translation import gettext


@dataclass(frozen=True)
class ErrorLink:
    target: str  # the id of the control to move to
    label: str  # the field's label, shown before a message that does not name it; else empty
    message: str


def field_target(bound_field):
    """The id a link should point at: the control itself, or the first choice of a radio or checkbox group
    (whose label points at no single control)."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    subwidgets = bound_field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else bound_field.auto_id


def first_field_target(form):
    visible = form.visible_fields()
    return field_target(visible[0]) if visible else ""


def non_field_errors_id(form):
    """The id of the box with the errors about the whole form, so fields can point at it."""
    return f"{form.prefix}-form-errors" if form.prefix else "form-errors"


def error_links(*forms):
    """[ErrorLink] for every error of every bound form given, in the order the fields are shown.
    An error of a hidden field (a lost token) reads as one about the whole form: it has no field to show."""
    links = []
    for form in forms:
        if not _has_errors(form):
            continue
        first = first_field_target(form)
        whole_form = list(form.non_field_errors())
        for hidden in form.hidden_fields():
            whole_form.extend(hidden.errors)
        links.extend(ErrorLink(first, "", message) for message in whole_form)
        for field in form.visible_fields():
            target = field_target(field)
            links.extend(ErrorLink(target, "" if _names_its_field(field, message) else str(field.label or ""), message)
                         for message in field.errors)
    return links


def _names_its_field(bound_field, message):
    """Django's stock messages ("This field is required.") do not say which field they are about: the
    summary puts the label before them. A form's own messages ("Write your question.") stand alone."""
    stock = set()
    for klass in type(bound_field.field).__mro__:
        stock.update(str(text) for text in getattr(klass, "default_error_messages", {}).values())
    stock.update(str(validator.message) for validator in bound_field.field.validators if hasattr(validator, "message"))
    return str(message) not in stock


def _has_errors(form):
    # A template passes "" for a form its view did not give (a link that no longer works): no errors.
    return bool(getattr(form, "is_bound", False) and form.errors)


def has_errors(*forms):
    return any(_has_errors(form) for form in forms)


def title_prefix(*forms):
    """"Error: " (translated) when any form given has errors, else nothing."""
    return gettext("Error:") + " " if has_errors(*forms) else ""


def tie_fields_to_form_errors(form, *names):
    """When a check of the whole form fails (a wrong e-mail or password), mark the fields it is about as a
    field's own error would: aria-invalid, and aria-describedby pointing at the message box
    (includes/form_fields.html gives it non_field_errors_id). Call after validation."""
    if not form.non_field_errors():
        return
    for name in names:
        if name not in form.fields:
            continue
        described_by = [form[name].aria_describedby or "", non_field_errors_id(form)]
        form.fields[name].widget.attrs.update({
            "aria-invalid": "true", "aria-describedby": " ".join(part for part in described_by if part)})
