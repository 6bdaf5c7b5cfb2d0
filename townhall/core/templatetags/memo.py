"""`{% memo name=value ... %}...{% endmemo %}`: a fragment rendered once per process for
each set of values, then reused.

Most of a page's frame -- the head's links, the navigation, the language menu -- is the
same for every reader of one role and language, yet the template engine spends ~0.1 ms on
each `{% url %}` and ~0.05 ms on each `{% static %}`: a few milliseconds on every page
(docs/performance.md, §2d). A memo block renders its body once per (block, language,
script prefix, values) in this process and answers that text afterwards.

Safe by construction: the body is rendered in a context holding ONLY the values named on
the tag -- no request, user, CSRF token or anything else of the page -- so it cannot show
one reader's data to another: whatever it shows must be one of its values, and every
value is part of the key. Values must be hashable (strings, numbers, booleans, None). The
body must give the same text for the same values (no clock, no random token, no query).

    {% load memo %}
    {% memo role=user.role nav=nav %}<a href="{% url 'home' %}">...{% endmemo %}

Each block keeps at most MAX_VARIANTS texts (then starts over): values with few
possibilities (a role, a page's section, the site's name), never an id.
"""

from django import template
from django.template import Context
from django.urls import get_script_prefix
from django.utils import translation

register = template.Library()

MAX_VARIANTS = 256


class MemoNode(template.Node):
    def __init__(self, nodelist, values: dict):
        self.nodelist = nodelist
        self.values = values
        self.rendered: dict[tuple, str] = {}  # lives as long as the compiled template

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        key = (translation.get_language(), get_script_prefix(), tuple(sorted(values.items())))
        text = self.rendered.get(key)
        if text is None:
            isolated = Context(values, autoescape=context.autoescape)
            with isolated.bind_template(context.template):
                text = self.nodelist.render(isolated)
            if len(self.rendered) >= MAX_VARIANTS:
                self.rendered.clear()
            self.rendered[key] = text
        return text


@register.tag
def memo(parser, token):
    bits = token.split_contents()[1:]
    values = template.base.token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError("{% memo %} takes only name=value pairs")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, values)
