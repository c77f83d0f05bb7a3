/** @odoo-module **/

import { registry } from "@web/core/registry";

// From a won deal to cash: the salesperson wins the deal, invoices it without
// retyping, posts the invoice and registers the customer's payment; back on the
// deal, the Invoicing tab shows it paid.
registry.category("web_tour.tours").add("crm_suite_deal_to_cash_tour", {
    steps: () => [
        {
            content: "Win the deal",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_set_won_rainbowman']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_widget_web_ribbon .ribbon:contains('Won')",
        },
        {
            content: "Invoice it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_create_invoice']",
            run: "click",
        },
        {
            content: "The draft invoice carries the deal's amount",
            trigger: ".o_form_view .o_field_widget[name='invoice_line_ids'] .o_data_row:contains('1,250.00')",
        },
        {
            content: "Confirm the invoice",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_post']",
            run: "click",
        },
        {
            content: "Register the customer's payment",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_register_payment']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='amount'] input",
        },
        {
            trigger: ".modal button[name='action_create_payments']",
            run: "click",
        },
        {
            content: "The invoice is paid",
            trigger: ".o_form_view .o_widget_web_ribbon .ribbon:contains('Paid'), .o_form_view .o_widget_web_ribbon .ribbon:contains('In Payment')",
        },
        {
            content: "Back to the deal",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Tour cash deal')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook_headers a:contains('Invoicing')",
            run: "click",
        },
        {
            content: "The deal shows the invoice paid",
            trigger: ".o_form_view .o_field_widget[name='invoice_payment_state']:contains('Paid')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='amount_due']:contains('0.00')",
        },
    ],
});
