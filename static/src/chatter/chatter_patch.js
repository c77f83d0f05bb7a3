import { Chatter } from "@mail/chatter/web_portal/chatter";
import { patch } from "@web/core/utils/patch";

// "Mark Done" on a customer or a deal logs a contact (see mail_activity.py): the
// form's counters and the Customer 360 panel are reloaded with the chatter.
const MODELS_WITH_CONTACT_LOGS = ["res.partner", "crm.lead"];

patch(Chatter.prototype, {
    onActivityChanged(thread) {
        super.onActivityChanged(...arguments);
        const record = this.props.webRecord;
        if (record && MODELS_WITH_CONTACT_LOGS.includes(record.resModel)) {
            this.reloadParentView().then(() =>
                this.env.bus.trigger("CRM_SUITE:CUSTOMER_CHANGED")
            );
        }
    },
});
