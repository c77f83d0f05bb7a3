/** @odoo-module **/

import { registry } from "@web/core/registry";

// Issue 17 (polish): "Use this Solution" opened the ticket again on top of the
// breadcrumbs, which grew at each use (Ticket > Solutions > Solution > Ticket).
registry.category("web_tour.tours").add("crm_suite_solution_breadcrumb_tour", {
    steps: () => [
        {
            content: "Search the knowledge base from the ticket",
            trigger: ".o_form_view button[name='action_find_solution']",
            run: "click",
        },
        {
            content: "Open the solution",
            trigger: ".o_kanban_record:contains('Tour toner smudges'), .o_data_row:contains('Tour toner smudges')",
            run: "click",
        },
        {
            content: "Use it",
            trigger: ".o_form_view button[name='action_use_for_ticket']",
            run: "click",
        },
        {
            content: "Back on the ticket, with the solution as a note",
            trigger: ".o_form_view .o-mail-Message:contains('Solution used: Tour toner smudges')",
        },
        {
            content: "and the breadcrumbs as they were before the search",
            trigger: ".o_breadcrumb:has(.breadcrumb-item:contains('Tickets')):not(:has(.breadcrumb-item:contains('Solutions')))",
        },
    ],
});
