from django import template

register = template.Library()


@register.filter
def name_for(person, clearance) -> str:
    """`{{ person|name_for:clearance }}`: the name this viewer may read."""
    return person.name_for(clearance)


@register.filter
def label_for(record, clearance) -> str:
    """`{{ record|label_for:clearance }}`: a record's name, without withheld names."""
    return record.label_for(clearance)


@register.filter
def get_item(mapping: dict, key):
    """`{{ mapping|get_item:key }}`: a dictionary value in a template."""
    return mapping.get(key, [])


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number: int) -> str:
    """`?…` for page `number` in `param`, keeping the page's other parameters
    (filters, sort order)."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
