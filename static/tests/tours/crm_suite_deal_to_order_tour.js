/** @odoo-module **/

import { registry } from "@web/core/registry";
import saleTourUtils from "@sale/js/tours/tour_utils";

// From a deal to an order, an invoice and the margin: the salesperson makes the
// deal's quotation with two products, confirms it, invoices the order, posts the
// invoice and registers the payment; back on the deal, the Invoicing tab shows it
// paid with the order's margin.
registry.category("web_tour.tours").add("crm_suite_deal_to_order_tour", {
    steps: () => [
        {
            content: "Make the deal's quotation",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_sale_quotations_new']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value('Tour Order Customer')",
        },
        ...saleTourUtils.addProduct("Tour Desk"),
        {
            trigger: ".o_form_view .o_field_widget[name='tax_totals']:contains('250.00')",
        },
        ...saleTourUtils.addProduct("Tour Installation", 2),
        {
            content: "The quotation's total: a desk and its installation",
            trigger: ".o_form_view .o_field_widget[name='tax_totals']:contains('400.00')",
        },
        {
            content: "Confirm the order",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "Invoice the order",
            trigger: ".o_form_view .o_statusbar_buttons button#create_invoice",
            run: "click",
        },
        {
            trigger: ".modal button#create_invoice_open",
            run: "click",
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
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Tour order deal')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook_headers a:contains('Invoicing')",
            run: "click",
        },
        {
            content: "The deal shows the invoice paid and the order's margin",
            trigger: ".o_form_view .o_field_widget[name='invoice_payment_state']:contains('Paid')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='amount_invoiced']:contains('400.00')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='amount_due']:contains('0.00')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='sale_margin']:contains('190.00')",
        },
    ],
});

// The customer's form: the Customer 360 panel shows the money and the margin.
registry.category("web_tour.tours").add("crm_suite_customer_margin_tour", {
    steps: () => [
        {
            content: "The panel shows the invoice paid",
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_invoiced:contains('400.00')",
        },
        {
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_due:contains('0.00')",
        },
        {
            content: "and the margin of the year",
            trigger: ".o_crm_suite_customer_360 .o_crm_suite_360_margin:contains('190.00')",
        },
    ],
});
