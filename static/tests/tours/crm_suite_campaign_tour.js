/** @odoo-module **/

import { registry } from "@web/core/registry";

// A salesperson builds a seminar's member list from a tag, invites the members by
// e-mail, logs a call whose result records an answer, and turns it into a deal.
registry.category("web_tour.tours").add("crm_suite_campaign_tour", {
    steps: () => [
        {
            content: "Build the segment",
            trigger: ".o_form_view button[name='action_open_segment']",
            run: "click",
        },
        {
            content: "Target the tagged companies",
            trigger: ".modal .o_field_widget[name='category_ids'] input",
            run: "edit Tour Target",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Tour Target')",
            run: "click",
        },
        {
            content: "One company matches",
            trigger: ".modal .o_field_widget[name='match_count']:contains('1')",
        },
        {
            content: "The filter's record count is the same one company",
            trigger: ".modal .o_domain_show_selection_button:contains('1 record(s)')",
        },
        {
            content: "Add the members",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The company is a member",
            trigger: ".o_form_view .o_field_widget[name='member_count']:contains('1')",
        },
        {
            content: "Invite the members by e-mail",
            trigger: ".o_form_view button[name='action_send_mail']",
            run: "click",
        },
        {
            content: "Confirm the mailing",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Open the call list",
            trigger: ".o_form_view button[name='action_view_members']",
            run: "click",
        },
        {
            content: "The member was invited",
            trigger: ".o_list_view .o_data_row:contains('Tour Company'):contains('Invited')",
        },
        {
            content: "Call the member",
            trigger: ".o_list_view .o_data_row button[name='action_log_call']",
            run: "click",
        },
        {
            content: "Pick the call's result",
            trigger: ".modal .o_field_widget[name='result_id'] input",
            run: "edit Tour interested",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Tour interested')",
            run: "click",
        },
        {
            content: "Log the call from the Log a Call dialog",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The answer is on the member",
            trigger: ".o_list_view .o_data_row:contains('Tour Company'):contains('Interested')",
        },
        {
            content: "Back to the campaign",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Tour Seminar')",
            run: "click",
        },
        {
            content: "Turn the interested members into deals",
            trigger: ".o_form_view button[name='action_create_leads']",
            run: "click",
        },
        {
            content: "The deal is listed",
            trigger: ".o_list_view .o_data_row:contains('Tour Seminar: Tour Company')",
        },
    ],
});

// A sales manager goes through the campaign views, the comparison and the call list.
registry.category("web_tour.tours").add("crm_suite_campaign_views_tour", {
    steps: () => [
        {
            content: "Campaigns open as a kanban by stage",
            trigger: ".o_kanban_view .o_kanban_record:contains('Views Seminar')",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Views Seminar')",
        },
        {
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            trigger: ".o_calendar_view .o_event:contains('Views Seminar')",
        },
        {
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            trigger: ".o_pivot_view .o_pivot_header_cell_closed:contains('Seminar')",
        },
        {
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_view canvas",
        },
        {
            content: "Open the comparison from the reporting menu",
            trigger: ".o_main_navbar button:contains('Reporting')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Campaign Comparison')",
            run: "click",
        },
        {
            content: "The seminar's figures are listed",
            trigger: ".o_list_view .o_data_row:contains('Views Seminar'):contains('50.0')",
        },
        {
            content: "Open the members",
            trigger: ".o_main_navbar button:contains('Campaigns')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Members')",
            run: "click",
        },
        {
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "Members are grouped by status",
            trigger: ".o_kanban_view .o_kanban_group:contains('Accepted') .o_kanban_record:contains('Views Member')",
        },
    ],
});
