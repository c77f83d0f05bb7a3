/** @odoo-module **/

import { registry } from "@web/core/registry";

// Issue 17 (polish): a customer without history got a row of zeros; the Contact
// Logs button hid under "More" and "Owned Products" was cut.
registry.category("web_tour.tours").add("crm_suite_customer_empty_tour", {
    steps: () => [
        {
            content: "A customer without history gets one sentence, not a row of zeros",
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_empty:contains('No deal, invoice, contact or activity yet')",
        },
        {
            content: "and no cards",
            trigger: ".o_crm_suite_customer_360:not(:has(.o_crm_suite_360_card))",
        },
        {
            content: "The Contact Logs counter is in the visible buttons, not under More",
            trigger: ".o-form-buttonbox > button[name='action_view_contact_logs']",
        },
        {
            content: "Open the other buttons",
            trigger: ".o_form_view .o-form-buttonbox .o_button_more",
            run: "click",
        },
        {
            content: "Owned Products is written on two lines, not cut",
            trigger: ".o_dropdown_more button[name='action_view_owned_products'] .o_stat_text:contains('Products')",
        },
    ],
});

// Issue 17 (polish): "Mark Done" logged a contact, but the counters stayed stale.
registry.category("web_tour.tours").add("crm_suite_customer_mark_done_tour", {
    steps: () => [
        {
            content: "One activity is open",
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_activities .fw-bold:contains('1')",
        },
        {
            content: "No contact logged yet",
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_contact:contains('Never')",
        },
        {
            content: "Mark the call done",
            trigger: ".o-mail-Activity .o-mail-Activity-markDone",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "The Contact Logs counter follows",
            trigger: ".o-form-buttonbox button[name='action_view_contact_logs'] .o_stat_value:contains('1')",
        },
        {
            content: "and so does the panel: no open activity, a last contact",
            trigger: ".o_crm_suite_customer_360:has(.o_crm_suite_360_activities .fw-bold:contains('0')) .o_crm_suite_360_contact:not(:contains('Never'))",
        },
    ],
});
