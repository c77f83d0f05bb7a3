/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson opens a customer's timeline, narrows it to the deals won and
// opens the deal from its entry.
registry.category("web_tour.tours").add("crm_suite_timeline_tour", {
    steps: () => [
        {
            content: "Open the Timeline tab of the customer",
            trigger: ".o_form_view .o_notebook_headers a:contains('Timeline')",
            run: "click",
        },
        {
            content: "The timeline shows the call and the deal won, newest first",
            trigger: ".o_crm_suite_timeline .o_crm_suite_timeline_entry:first-child:contains('Tour timeline deal')",
        },
        {
            trigger: ".o_crm_suite_timeline .o_crm_suite_timeline_entry[data-kind='contact']:contains('Tour timeline call')",
        },
        {
            content: "Show the won deals only",
            trigger: ".o_crm_suite_timeline .o_crm_suite_timeline_chip[data-kind='won']",
            run: "click",
        },
        {
            trigger: ".o_crm_suite_timeline .o_crm_suite_timeline_chip[data-kind='won'].active",
        },
        {
            content: "The call is filtered out",
            trigger: ".o_crm_suite_timeline:not(:has(.o_crm_suite_timeline_entry[data-kind='contact']))",
        },
        {
            content: "Open the deal",
            trigger: ".o_crm_suite_timeline .o_crm_suite_timeline_entry[data-kind='won']:contains('Tour timeline deal')",
            run: "click",
        },
        {
            content: "The deal's form is open",
            trigger: ".o_breadcrumb .active:contains('Tour timeline deal')",
        },
    ],
});
