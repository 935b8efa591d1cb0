"""Form data for admin pages: the management forms of the person page's inlines."""

PERSON_INLINES = (
    "name_variants",
    "death",
    "detentions",
    "injuries",
    "torture_allegations",
)
CITATIONS = "sources-citation-content_type-object_id"


def empty_inlines(*prefixes: str) -> dict[str, str]:
    data = {}
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def person_page_inlines() -> dict[str, str]:
    return empty_inlines(*PERSON_INLINES, CITATIONS)


def person_change_data(client, url: str) -> dict:
    """What the person's change page would post back unchanged, inlines empty."""
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data.update(person_page_inlines())
    return data


def citation_rows(*rows: dict, initial: int = 0) -> dict:
    """The citation inline's rows: each a dict of its fields (id, source, locator,
    DELETE); the first `initial` of them are citations already stored."""
    data = {
        f"{CITATIONS}-TOTAL_FORMS": str(len(rows)),
        f"{CITATIONS}-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        data.update(
            {f"{CITATIONS}-{index}-{name}": value for name, value in row.items()}
        )
    return data


def keeping_citations(data: dict, record) -> dict:
    """`data` with the record's existing citations posted back unchanged."""
    citations = list(record.citations.all())
    data[f"{CITATIONS}-TOTAL_FORMS"] = str(len(citations))
    data[f"{CITATIONS}-INITIAL_FORMS"] = str(len(citations))
    for index, citation in enumerate(citations):
        data[f"{CITATIONS}-{index}-id"] = citation.pk
        data[f"{CITATIONS}-{index}-source"] = citation.source_id
    return data


def page_data(response) -> dict:
    """What an admin change page (`response` to its GET) posts back unchanged: its
    form's and every inline row's current values, with the management forms."""
    context = response.context
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(_form_data(management))
        for form in formset.forms:  # the empty rows too, as a browser sends them
            data.update(_form_data(form))
    return data


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [str(each) for each in value]
        else:
            data[form.add_prefix(name)] = str(value)
    return data
