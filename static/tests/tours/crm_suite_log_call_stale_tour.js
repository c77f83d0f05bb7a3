/** @odoo-module **/

import { registry } from "@web/core/registry";

// Issue 17, defect 2: a number typed after the customer was found by the first one
// has no match; the dialog must no longer offer the previous customer.
registry.category("web_tour.tours").add("crm_suite_log_call_stale_tour", {
    steps: () => [
        {
            content: "Open the Contact Log tab of the customer",
            trigger: ".o_form_view .o_notebook_headers a:contains('Contact Log')",
            run: "click",
        },
        {
            content: "Log a call",
            trigger: ".o_form_view button[name='action_log_call']",
            run: "click",
        },
        {
            content: "The customer's number finds the customer",
            trigger: ".modal .o_field_widget[name='partner_id'] input:value('Stale Customer')",
        },
        {
            content: "Type a number nobody has",
            trigger: ".modal .o_field_widget[name='phone'] input",
            run: "edit +32 470 12 34 99",
        },
        {
            content: "Leave the number field",
            trigger: ".modal .o_field_widget[name='summary'] input",
            run: "click",
        },
        {
            content: "No customer has this number",
            trigger: ".modal div:contains('No customer has this number')",
        },
        {
            content: "None stays selected: a name for a new customer is asked instead",
            trigger: ".modal .o_field_widget[name='new_partner_name'] input",
            run: "edit New Caller",
        },
        {
            content: "Log the call",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Back on the customer of the first number: the call is not on it",
            trigger: "body:not(:has(.modal)) .o_form_view span:contains('No contact logged yet.')",
        },
    ],
});
