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
