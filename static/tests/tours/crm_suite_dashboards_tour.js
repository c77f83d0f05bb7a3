/** @odoo-module **/

import { registry } from "@web/core/registry";

// A figure is drawn on the spreadsheet's canvas; a pivot cell that holds a value gets
// a clickable overlay, so an overlay means the data sources answered and the figure
// is shown (not "Loading..."). The filters (their placeholders) tell which dashboard
// is loaded.
function dashboardLoaded(filterLabel) {
    return `.o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)):has(.o_control_panel .o_filter_value_container input[placeholder*='${filterLabel}']) .o-dashboard-clickable-cell`;
}

registry.category("web_tour.tours").add("crm_suite_dashboards_tour", {
    steps: () => [
        {
            content: "Show the apps",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Dashboards app",
            trigger: ".o_app[data-menu-xmlid='spreadsheet_dashboard.spreadsheet_dashboard_menu_root']",
            run: "click",
        },
        {
            content: "Open Sales management",
            trigger: ".o_search_panel_category_value[data-name='Sales management']",
            run: "click",
        },
        {
            content: "Its figures are computed",
            trigger: dashboardLoaded("Salesperson"),
        },
        {
            content: "Open Helpdesk",
            trigger: ".o_search_panel_category_value[data-name='Helpdesk']",
            run: "click",
        },
        {
            content: "Its figures are computed",
            trigger: dashboardLoaded("Agent"),
        },
        {
            trigger: ".o_search_panel_category_value.active[data-name='Helpdesk']",
        },
        {
            content: "Back to the apps",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open CRM",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='crm.crm_menu_report']",
            run: "click",
        },
        {
            content: "Open the sales management dashboard from it",
            trigger: ".dropdown-item[data-menu-xmlid='crm_suite.spreadsheet_dashboard_menu_sales_management']",
            run: "click",
        },
        {
            content: "The sales dashboard opens with its figures",
            trigger: dashboardLoaded("Salesperson"),
        },
        {
            trigger: ".o_search_panel_category_value.active[data-name='Sales management']",
        },
    ],
});
