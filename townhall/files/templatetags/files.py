from django import template

register = template.Library()


@register.filter
def pictures_of(files) -> list:
    return [f for f in files or () if f.kind == "image"]


@register.filter
def documents_of(files) -> list:
    return [f for f in files or () if f.kind == "file"]
