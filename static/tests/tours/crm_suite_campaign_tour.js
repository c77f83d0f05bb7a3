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
            content: "Save the call",
            trigger: ".modal .o_form_button_save",
            run: "click",
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
