"""What the web client reads: the ``web_read`` / ``web_search_read`` field
specification it builds from a view, written once for the query-count tests and
the benchmarks (``tools/bench``)."""

from lxml import etree

# the web client's page size of an embedded list without a ``limit``
X2MANY_DEFAULT_LIMIT = 40


def view_spec(env, model, view_type="form", view_id=False):
    """The field specification the web client builds from the ``view_type`` view of
    ``model`` as ``env``'s user gets it (web/static/src/model/relational_model/
    utils.js getFieldsSpec): an always invisible many2one is read without its name,
    a visible one with it, an x2many with its embedded list (limit and default
    order), and a properties field adds the name of its holder."""
    views = env[model].get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return arch_spec(arch, model, views["models"])


def arch_spec(node, model, models):
    """The specification of an arch ``node`` of ``model``; ``models`` as returned by
    ``get_views``."""
    fields = models[model]["fields"]
    spec, properties = {}, []
    for field_node in _own_field_nodes(node):
        name = field_node.get("name")
        field = fields.get(name)
        if not field:
            continue
        invisible = field_node.get("invisible") in ("1", "True")
        if field["type"] in ("many2one", "reference"):
            previous = spec.get(name, {}).get("fields", {})
            spec[name] = {"fields": previous if invisible else {"display_name": {}}}
        elif field["type"] in ("one2many", "many2many"):
            sub = next(
                (
                    child
                    for child in field_node
                    if isinstance(child.tag, str) and child.tag in ("list", "kanban")
                ),
                None,
            )
            if invisible or sub is None:
                spec.setdefault(name, {})
                if not invisible and field_node.get("widget"):
                    # tags-like widgets read the names of all the records
                    spec[name] = {"fields": {"display_name": {}}}
                continue
            spec[name] = {
                "fields": arch_spec(sub, field["relation"], models),
                "limit": int(sub.get("limit") or X2MANY_DEFAULT_LIMIT),
            }
            if sub.get("default_order"):
                spec[name]["order"] = sub.get("default_order")
        else:
            spec.setdefault(name, {})
            if field["type"] == "properties":
                properties.append(field["definition_record"])
    for holder in properties:
        spec.setdefault(holder, {"fields": {}})["fields"]["display_name"] = {}
    return spec


def _own_field_nodes(node):
    """The <field> nodes of the view's own record (not those of embedded lists)."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        else:
            yield from _own_field_nodes(child)


def crm_suite_views(env, model, view_type):
    """crm_suite's own ``view_type`` views of ``model`` (its extensions of the stock
    views)."""
    data = (
        env["ir.model.data"]
        .sudo()
        .search([("module", "=", "crm_suite"), ("model", "=", "ir.ui.view")])
    )
    return (
        env["ir.ui.view"]
        .sudo()
        .browse(data.mapped("res_id"))
        .filtered(lambda view: view.model == model and view.type == view_type)
    )


def stock_view_spec(env, model, view_type="form", view_id=False):
    """The specification of the same view with crm_suite's extensions switched off
    (switched on again after)."""
    views = crm_suite_views(env, model, view_type)
    views.active = False
    env.registry.clear_cache("templates")
    try:
        return view_spec(env, model, view_type, view_id)
    finally:
        views.active = True
        env.registry.clear_cache("templates")
