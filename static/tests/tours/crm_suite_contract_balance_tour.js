/** @odoo-module **/

import { registry } from "@web/core/registry";

// Issue 17, defect 5: a contract two hours over its credit said "Almost exhausted",
// and showed the same hours as 4.00 on its button and 04:00 elsewhere.
registry.category("web_tour.tours").add("crm_suite_contract_balance_tour", {
    steps: () => [
        {
            content: "The balance is two hours below zero",
            trigger: ".o_form_view .o_field_widget[name='hours_balance']:contains('-02:00')",
        },
        {
            content: "The badge says the credit is overdrawn",
            trigger: ".o_form_view .badge:contains('Overdrawn')",
        },
        {
            content: "and not that it is almost exhausted",
            trigger: ".o_form_view:not(:has(.badge:contains('Almost exhausted'))):not(:has(.badge:contains('Available')))",
        },
        {
            content: "The hours of the period are shown as hours and minutes",
            trigger: ".o_form_view button[name='action_view_time_logs'] .o_stat_value:contains('04:00')",
        },
        {
            content: "Open the time of the period",
            trigger: ".o_form_view button[name='action_view_time_logs']",
            run: "click",
        },
        {
            content: "Unfold the ticket's time",
            trigger: ".o_list_view .o_group_header:contains('Tour overdrawn')",
            run: "click",
        },
        {
            content: "Time not settled yet is not said to be invoiced",
            trigger: ".o_list_view .o_data_row .o_field_badge:contains('To Settle')",
        },
        {
            content: "and the list shows hours and minutes too",
            trigger: ".o_list_view:not(:has(.o_data_row .o_field_badge:contains('To Invoice'))) .o_data_row td[name='hours']:contains('04:00')",
        },
    ],
});
