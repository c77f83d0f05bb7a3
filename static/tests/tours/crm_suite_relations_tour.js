/** @odoo-module **/

import { registry } from "@web/core/registry";

// From a person's form: record that she works for a company, see the relation from
// the company's side, then note her birthday.
registry.category("web_tour.tours").add("crm_suite_relations_tour", {
    steps: () => [
        {
            content: "Open the person's relations",
            trigger: ".o_form_view button[name='action_view_relations']",
            run: "click",
        },
        {
            content: "Add a relation",
            trigger: ".o_list_view button[name='action_new_relation']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='type_id'] input",
            run: "edit Employee of",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-menu .dropdown-item:contains('Employee of')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='right_partner_id'] input",
            run: "edit Tour Works",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-menu .dropdown-item:contains('Tour Works')",
            run: "click",
        },
        {
            content: "Save the relation",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The person's relations show the new one",
            trigger: ".o_list_view .o_data_row:contains('Employee of'):contains('Tour Works')",
        },
        {
            content: "Back to the contacts",
            trigger: ".o_breadcrumb .breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "Open the company",
            trigger: ".o_kanban_record:contains('Tour Works')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_view_relations']",
            run: "click",
        },
        {
            content: "The company sees the relation from its side",
            trigger: ".o_list_view .o_data_row:contains('Employer of'):contains('Tour Person')",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "Back to the person",
            trigger: ".o_kanban_record:contains('Tour Person')",
            run: "click",
        },
        {
            content: "Her occasions are among the other buttons",
            trigger: ".o_form_view .o-form-buttonbox .o_button_more",
            run: "click",
        },
        {
            content: "Open her occasions",
            trigger: ".o_dropdown_more button[name='action_view_occasions']",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "A birthday, the default kind",
            trigger: ".o_data_row.o_selected_row .o_field_widget[name='kind'] select:has(option:selected:contains('Birthday'))",
        },
        {
            trigger: ".o_data_row.o_selected_row .o_field_widget[name='date'] input",
            run: "edit 05/14/1980",
        },
        {
            trigger: ".o_list_view .o_list_button_save",
            run: "click",
        },
        {
            content: "The birthday is saved",
            trigger: ".o_list_view .o_data_row:not(.o_selected_row):contains('Birthday'):contains('05/14/1980')",
        },
    ],
});
