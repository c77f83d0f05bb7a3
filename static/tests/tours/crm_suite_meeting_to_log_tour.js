/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson logs a meeting that is over from "Meetings to Log": the log form
// opens filled in from the meeting; once saved, the meeting leaves the list.
registry.category("web_tour.tours").add("crm_suite_meeting_to_log_tour", {
    steps: () => [
        {
            content: "Log the meeting from its row",
            trigger: ".o_list_view .o_data_row:contains('Tour meeting with the customer') button[name='action_crm_suite_log_meeting']",
            run: "click",
        },
        {
            content: "The log is filled in from the meeting",
            trigger: ".o_form_view .o_field_widget[name='summary'] input:value('Tour meeting with the customer')",
        },
        {
            content: "The customer met is its company",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value('Tour Meeting Customer')",
        },
        {
            content: "The person met is among the other customers met",
            trigger: ".o_form_view .o_field_widget[name='partner_ids'] .o_tag:contains('Tour Meeting Person')",
        },
        {
            content: "Save the log",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the form links back to the meeting",
            trigger: ".o_form_saved .o_field_widget[name='calendar_event_id']",
        },
        {
            content: "Back to the meetings to log",
            trigger: ".o_breadcrumb a:contains('Meetings to Log')",
            run: "click",
        },
        {
            content: "No meeting waits for its log any more",
            trigger: ".o_action_manager:not(:has(.o_data_row:contains('Tour meeting with the customer'))) .o_view_nocontent",
        },
    ],
});

// The person met finds the log in their contact history.
registry.category("web_tour.tours").add("crm_suite_meeting_log_history_tour", {
    steps: () => [
        {
            content: "Open the contact history of the person met",
            trigger: ".o_form_view button[name='action_view_contact_logs']",
            run: "click",
        },
        {
            content: "The meeting's log is in it",
            trigger: ".o_list_view .o_data_row:contains('Tour meeting with the customer')",
        },
    ],
});
