/** @odoo-module **/

import { registry } from "@web/core/registry";

// An agent takes an unassigned ticket from the kanban, answers the customer, logs
// the time spent and closes the ticket with a message.
registry.category("web_tour.tours").add("crm_suite_ticket_tour", {
    steps: () => [
        {
            content: "Open the unassigned ticket from the kanban",
            trigger: ".o_kanban_view .o_kanban_record:contains('Tour: the VPN drops')",
            run: "click",
        },
        {
            content: "Take it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_assign_to_me']",
            run: "click",
        },
        {
            content: "The ticket is the agent's",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_assign_to_me']))",
        },
        {
            content: "Answer the customer",
            trigger: ".o-mail-Chatter button.o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit Please update the VPN client to version 5.",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer is in the chatter",
            trigger: ".o-mail-Message-body:contains('Please update the VPN client to version 5.')",
        },
        {
            content: "Log the time spent",
            trigger: ".o_form_view .o_notebook_headers a:contains('Time')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='time_log_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='time_log_ids'] .o_data_row .o_field_widget[name='name'] input",
            run: "edit Remote session with the customer",
        },
        {
            trigger: ".o_field_widget[name='time_log_ids'] .o_data_row .o_field_widget[name='hours'] input",
            run: "edit 01:30",
        },
        {
            content: "Save the ticket",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The ticket counts the time",
            trigger: ".o_form_view .o_field_widget[name='time_total']:contains('01:30')",
        },
        {
            content: "Close the ticket",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Close')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='resolution'] .odoo-editor-editable",
            run: "editor Version 5 keeps the connection: closing the ticket.",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The ticket is solved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Solved')",
        },
    ],
});
