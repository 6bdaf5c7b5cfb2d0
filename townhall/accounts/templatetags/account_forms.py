"""Render a form field's widget tied to its help text and errors for screen readers."""

from django import template

register = template.Library()


@register.filter
def described_widget(field):
    """The field's widget with aria-describedby naming its help text and error list."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    attrs = {"aria-describedby": " ".join(ids)} if ids and field.auto_id else None
    return field.as_widget(attrs=attrs)
