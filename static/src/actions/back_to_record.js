import { registry } from "@web/core/registry";

/**
 * Back to a record already in the breadcrumbs (e.g. the ticket a solution was
 * searched from) instead of opening it once more on top of them: the breadcrumbs
 * do not grow at each use. Without such a crumb, the record is opened.
 *
 * params: record_name (the crumb's name), action (the fallback window action).
 */
async function crmSuiteBackToRecord(env, action) {
    const { record_name, action: fallback } = action.params;
    const actionService = env.services.action;
    const crumbs = actionService.currentController?.config?.breadcrumbs || [];
    // the latest form crumb with that name, the current view aside
    const crumb = crumbs
        .slice(0, -1)
        .reverse()
        .find((c) => c.isFormView && c.name === record_name);
    if (crumb) {
        await actionService.restore(crumb.jsId);
    } else {
        await actionService.doAction(fallback);
    }
}

registry.category("actions").add("crm_suite_back_to_record", crmSuiteBackToRecord);
