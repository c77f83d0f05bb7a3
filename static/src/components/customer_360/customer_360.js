import { Component, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { useBus } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import {
    deserializeDate,
    deserializeDateTime,
    formatDate,
    formatDateTime,
} from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatMonetary } from "@web/views/fields/formatters";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * Customer 360: the customer's deals, money and follow-up at a glance.
 * The figures come from one call made after the form is shown, so opening a
 * partner costs no more than before and the panel never delays the form.
 */
export class Customer360 extends Component {
    static template = "crm_suite.Customer360";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ figures: null, loading: false });
        onWillStart(() => {
            this.load(this.props.record.resId);
        });
        // the chatter's "Mark Done" logs a contact and closes an activity: the
        // counters follow (see chatter_patch.js)
        useBus(this.env.bus, "CRM_SUITE:CUSTOMER_CHANGED", () => {
            this.load(this.props.record.resId);
        });
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.props.record.resId) {
                this.load(nextProps.record.resId);
            }
        });
    }

    async load(resId) {
        if (!resId) {
            this.state.figures = null;
            return;
        }
        this.state.loading = true;
        try {
            const figures = await this.orm.call("res.partner", "crm_suite_customer_360", [
                [resId],
            ]);
            if (resId === this.props.record.resId) {
                this.state.figures = figures;
            }
        } finally {
            this.state.loading = false;
        }
    }

    money(value) {
        return formatMonetary(value, { currencyId: this.state.figures.currency_id });
    }

    get isEmpty() {
        // a customer without any history: one sentence rather than a row of zeros
        const f = this.state.figures;
        return (
            !f.open_deal_count &&
            !f.won_count &&
            !f.amount_invoiced &&
            !f.amount_due &&
            !f.last_contact_date &&
            !f.activity_count
        );
    }

    dealCount(count) {
        if (!count) {
            return _t("no deal");
        }
        return count === 1 ? _t("1 deal") : _t("%s deals", count);
    }

    paymentDate(value) {
        return value ? formatDate(deserializeDate(value)) : _t("No payment yet");
    }

    dateTime(value) {
        return value
            ? formatDateTime(deserializeDateTime(value), { showSeconds: false })
            : _t("Never");
    }

    async open(method) {
        const action = await this.orm.call("res.partner", method, [
            [this.state.figures.partner_id],
        ]);
        await this.action.doAction(action);
    }
}

registry.category("view_widgets").add("crm_suite_customer_360", {
    component: Customer360,
});
