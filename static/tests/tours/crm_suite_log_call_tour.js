/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson, on a customer's form, logs a call whose result plans the next
// contact, then finds both the log and the planned activity on the customer.
registry.category("web_tour.tours").add("crm_suite_log_call_tour", {
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
            content: "The caller is the customer",
            trigger: ".modal .o_field_widget[name='partner_id'] input:value('Tour Customer')",
        },
        {
            content: "Summarise the call",
            trigger: ".modal .o_field_widget[name='summary'] input",
            run: "edit Wants a demo of the new range",
        },
        {
            content: "Pick the result",
            trigger: ".modal .o_field_widget[name='result_id'] input",
            run: "edit Offer requested",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Offer requested')",
            run: "click",
        },
        {
            content: "The result proposes an e-mail as next contact",
            trigger: ".modal .o_field_widget[name='next_activity_type_id'] input:value('Email')",
        },
        {
            content: "Save the log",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The log is listed on the customer",
            trigger: ".o_form_view .o_field_widget[name='entity_contact_log_ids'] td:contains('Wants a demo of the new range')",
        },
        {
            content: "The next contact is planned in the customer's chatter",
            trigger: ".o-mail-Chatter .o-mail-Activity:contains('Follow-up: Wants a demo of the new range')",
        },
    ],
});
