/** @odoo-module **/

import { registry } from "@web/core/registry";

// Issue 17 (what a new user trips over), items 9 and 10: a seminar's form as a
// salesperson reads it, then an answer recorded in the Members tab.
registry.category("web_tour.tours").add("crm_suite_campaign_walkthrough_tour", {
    steps: () => [
        {
            content: "A seminar has no e-mail marketing stage bar",
            trigger:
                ".o_form_view:has(.o_field_widget[name='campaign_type']):not(:has(.o_field_widget[name='stage_id']))",
        },
        {
            content: "One Deals button, not Deals and Opportunities",
            trigger:
                ".o_form_view:has(button[name='action_view_deals']):not(:has(button[name='action_redirect_to_leads_opportunities']))",
        },
        {
            content: "Open the figures",
            trigger: ".o_notebook .nav-link:contains('Effectiveness')",
            run: "click",
        },
        {
            content: "Every invitation counts, answered or not",
            trigger: ".o_form_view .o_field_widget[name='member_invited_count']:contains('2')",
        },
        {
            content: "No won deal: no cost per won deal, not $0.00",
            trigger: ".o_form_view span:contains('No won deal yet')",
        },
        {
            content: "No cost: no ROI, not 0.0",
            trigger:
                ".o_form_view span:contains('No cost recorded'):not(:has(.o_field_widget[name='roi']))",
        },
        {
            content: "Open the members",
            trigger: ".o_notebook .nav-link:contains('Members')",
            run: "click",
        },
        {
            content: "Edit the answer in the list",
            trigger: ".o_field_widget[name='member_ids'] .o_data_row:contains('Walk Guest') .o_data_cell[name='status']",
            run: "click",
        },
        {
            content: "The status is a choice, not a read-only badge",
            trigger: ".o_field_widget[name='member_ids'] .o_data_row .o_field_widget[name='status'] select",
            run: 'select "accepted"',
        },
        {
            content: "Save the campaign",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The answer is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Call the other member from its row",
            trigger: ".o_field_widget[name='member_ids'] .o_data_row:contains('Walk Caller') button[name='action_log_call']",
            run: "click",
        },
        {
            content: "The Log a Call dialog opens, for this member",
            trigger: ".modal .o_field_widget[name='campaign_member_id']:contains('Walk Caller')",
        },
        {
            trigger: ".modal .o_field_widget[name='result_id'] input",
            run: "edit Accepted the invitation",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Accepted the invitation')",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The call's result is the member's answer",
            trigger: ".o_field_widget[name='member_ids'] .o_data_row:contains('Walk Caller'):contains('Accepted')",
        },
    ],
});

// Item 13: the Win/Loss analysis opens readable, with deals met and win rate.
registry.category("web_tour.tours").add("crm_suite_win_loss_tour", {
    steps: () => [
        {
            content: "One line per competitor",
            trigger: ".o_pivot tbody th:contains('Walk Rival')",
        },
        {
            content: "Deals met and win rate are measures",
            trigger: ".o_pivot thead th:contains('Deals Met')",
        },
        {
            trigger: ".o_pivot thead th:contains('Win Rate (%)')",
        },
        {
            content: "The statuses are not spread over the columns",
            trigger: ".o_pivot:not(:has(thead th:contains('In Play')))",
        },
        {
            content: "Won one of the two decided deals: 50 %",
            trigger: ".o_pivot tbody tr:has(th:contains('Walk Rival')) td:contains('50.0')",
        },
    ],
});

// Item 12: a sales manager finds the stages under CRM > Configuration, without
// the debug mode.
registry.category("web_tour.tours").add("crm_suite_stages_menu_tour", {
    steps: () => [
        {
            trigger: ".o_main_navbar button:contains('Configuration')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Stages')",
            run: "click",
        },
        {
            content: "The stages with their probability",
            trigger: ".o_list_view th[data-name='default_probability']",
        },
    ],
});
