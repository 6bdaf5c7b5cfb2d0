"""THE permission layer. Every "may this person do that to this thing" lives in this package.

Each rule comes as a pair: an object check (`can_view_person`) and a queryset filter
(`visible_people`). Missing and forbidden look the same to callers: `get_*_or_404` raises Http404.
"""
