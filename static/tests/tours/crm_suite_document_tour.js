/** @odoo-module **/

import { registry } from "@web/core/registry";

// A sales manager writes a proposal template with a dynamic placeholder (the
// deal's expected revenue), inserted with the editor's /field command.
registry.category("web_tour.tours").add("crm_suite_document_template_tour", {
    steps: () => [
        {
            content: "New template",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Tour Proposal",
        },
        {
            content: "The manager must approve what is generated from it",
            trigger: ".o_form_view .o_field_widget[name='requires_approval'] input",
            run: "click",
        },
        {
            content: "Open the editor's commands",
            trigger: ".o_form_view .note-editable.odoo-editor-editable",
            async run(actions) {
                await actions.editor("/");
                this.anchor.dispatchEvent(
                    new InputEvent("input", { inputType: "insertText", data: "/" })
                );
            },
        },
        {
            trigger: "div.o-we-powerbox .o-we-command:contains(Dynamic Placeholder)",
            run: "click",
        },
        {
            trigger: "div.o_model_field_selector_popover_search input[type='text']",
            run: "edit Expected Revenue",
        },
        {
            trigger: "div.o_model_field_selector_popover button:contains('Expected Revenue')",
            run: "click",
        },
        {
            content: "Insert the placeholder",
            trigger: "div.o_model_field_selector_popover button:first-child",
            run: "click",
        },
        {
            trigger: ".note-editable.odoo-editor-editable t[t-out='object.expected_revenue']",
        },
        {
            content: "Save the template",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

// On a deal: generate a proposal from the template, approve it (the manager),
// send it by e-mail through the composer.
registry.category("web_tour.tours").add("crm_suite_document_proposal_tour", {
    steps: () => [
        {
            content: "Generate a document from the deal",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_crm_document_generate']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='template_id'] input",
            run: "edit Tour Proposal",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Proposal')",
            run: "click",
        },
        {
            content: "The preview shows the deal's figures",
            trigger: ".modal .o_field_widget[name='preview']:contains('4200')",
        },
        {
            trigger: ".modal button[name='action_generate']",
            run: "click",
        },
        {
            content: "The proposal waits for approval",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('To Approve')",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
        {
            content: "Send it by e-mail",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_send']",
            run: "click",
        },
        {
            content: "The composer has the PDF attached",
            trigger: ".modal .o_field_widget[name='attachment_ids'] .o_attachment, .modal .o_field_widget[name='attachment_ids'] :contains('Tour Proposal')",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary:contains('Send')",
            run: "click",
        },
        {
            content: "The proposal is sent",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Sent')",
        },
    ],
});
