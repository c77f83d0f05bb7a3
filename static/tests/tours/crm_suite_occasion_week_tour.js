/** @odoo-module **/

import { registry } from "@web/core/registry";

// Issue 17, defect 8: "Occasions This Week" hid today's birthday of a customer
// without a salesperson behind its default "My Customers" filter.
registry.category("web_tour.tours").add("crm_suite_occasion_week_tour", {
    steps: () => [
        {
            content: "Today's birthday of a customer nobody follows is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour Unowned Customer')",
        },
        {
            content: "beside my customer's, and without a colleague's customer",
            trigger: ".o_list_view:has(.o_data_row:contains('Tour My Customer')):not(:has(.o_data_row:contains('Tour Colleague Customer')))",
        },
    ],
});
