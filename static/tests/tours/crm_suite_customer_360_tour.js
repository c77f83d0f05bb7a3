/** @odoo-module **/

import { registry } from "@web/core/registry";

// The customer's form shows the Customer 360 panel: what was won, invoiced and
// paid; a card opens the customer's deals.
registry.category("web_tour.tours").add("crm_suite_customer_360_tour", {
    steps: () => [
        {
            content: "The panel shows the deal won and the invoice paid",
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_won:contains('1,250.00')",
        },
        {
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_invoiced:contains('paid')",
        },
        {
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_due:contains('0.00')",
        },
        {
            content: "Open the customer's deals",
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_won",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('Tour cash deal'), .o_data_row:contains('Tour cash deal')",
        },
    ],
});
