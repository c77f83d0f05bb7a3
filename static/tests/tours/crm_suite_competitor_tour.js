/** @odoo-module **/

import { registry } from "@web/core/registry";

// On a deal, a salesperson notes the competitor met and its price, loses the deal to
// them, and finds the loss in the win/loss analysis.
registry.category("web_tour.tours").add("crm_suite_competitor_tour", {
    steps: () => [
        {
            content: "Open the Competition tab of the deal",
            trigger: ".o_form_view .o_notebook_headers a:contains('Competition')",
            run: "click",
        },
        {
            content: "Add the competitor met on the deal",
            trigger: ".o_field_widget[name='competitor_line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='competitor_line_ids'] .o_data_row .o_field_widget[name='competitor_id'] input",
            run: "edit Tour Rival",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Tour Rival')",
            run: "click",
        },
        {
            content: "Their price",
            trigger: ".o_field_widget[name='competitor_line_ids'] .o_data_row .o_field_widget[name='price'] input",
            run: "edit 900",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Lose the deal",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Lost')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='lost_reason_id'] input",
            run: "edit Lost to a competitor",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Lost to a competitor')",
            run: "click",
        },
        {
            content: "Who won",
            trigger: ".modal .o_field_widget[name='competitor_id'] input",
            run: "edit Tour Rival",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Tour Rival')",
            run: "click",
        },
        {
            content: "Offer: the price they had already offered",
            trigger: ".modal .o_field_widget[name='competitor_price'] input:value('900.00')",
        },
        {
            trigger: ".modal .o_field_widget[name='competitor_price'] input",
            run: "edit 850",
        },
        {
            trigger: ".modal button[name='action_lost_reason_apply']",
            run: "click",
        },
        {
            content: "The deal is lost",
            trigger: ".o_form_view .o_widget_web_ribbon .ribbon:contains('Lost')",
        },
        {
            content: "Open the win/loss analysis",
            trigger: ".o_main_navbar button:contains('Reporting'), .o_main_navbar a:contains('Reporting')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Win/Loss by Competitor')",
            run: "click",
        },
        {
            content: "The competitor appears in the analysis",
            trigger: ".o_pivot th:contains('Tour Rival')",
        },
    ],
});
