/** @odoo-module **/

import { registry } from "@web/core/registry";

// Issue 17, defect 6: "Overdue in Stage" was OR-ed with the default "My Pipeline"
// filter, so that it seemed to do nothing (or to add other people's deals).
registry.category("web_tour.tours").add("crm_suite_stage_overdue_filter_tour", {
    steps: () => [
        {
            content: "My pipeline shows both of my deals",
            trigger: ".o_kanban_view:has(.o_kanban_record:contains('Tour overdue mine')) .o_kanban_record:contains('Tour fresh mine')",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the deals overdue in their stage",
            trigger: ".o_filter_menu .o_menu_item:contains('Overdue in Stage')",
            run: "click",
        },
        {
            content: "The filter is a facet of its own, beside My Pipeline",
            trigger: ".o_searchview_facet:contains('Overdue in Stage'):not(:contains('My Pipeline'))",
        },
        {
            content: "Only my overdue deal is left: not my fresh one, not a colleague's overdue one",
            trigger: ".o_kanban_view:has(.o_kanban_record:contains('Tour overdue mine')):not(:has(.o_kanban_record:contains('Tour fresh mine'))):not(:has(.o_kanban_record:contains('Tour overdue other')))",
        },
    ],
});
