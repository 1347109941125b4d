"""``{% fragment "name" value… %}…{% endfragment %}``: the enclosed template
rendered once for every anonymous visitor until the content or what it shows
changes (``home.fragments``). The name, the values given and the address of
the site name the fragment; what it shows beyond the page's content must be among the
values (the time of day, a visitor's choice), never a message. Of a form, only
a blank one is kept: with a ``form`` in the context that is bound or filled in
beforehand (what someone typed, a profile), the fragment is rendered in full."""

from django import template

from home.fragments import rendered_once

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        form = context.get("form")
        if form is not None and (form.is_bound or form.initial):
            return self.nodelist.render(context)
        request = context["request"]
        parts = [
            self.name.resolve(context),
            f"{request.scheme}://{request.get_host()}",  # the site, its links
            *(value.resolve(context) for value in self.values),
        ]
        return rendered_once(
            ":".join(str(part) for part in parts),
            lambda: self.nodelist.render(context),
        )


@register.tag
def fragment(parser, token):
    name, *arguments = token.split_contents()
    if not arguments:
        raise template.TemplateSyntaxError(f"{name} needs a fragment name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(arguments[0]),
        [parser.compile_filter(argument) for argument in arguments[1:]],
    )
