import { Component, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
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

const PAGE_SIZE = 30;

/**
 * Customer timeline: everything that happened with the customer and its people,
 * newest first. It sits in its own notebook page, which the form renders only when
 * opened: the first call is made then, never when the customer is opened.
 */
export class CustomerTimeline extends Component {
    static template = "crm_suite.CustomerTimeline";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            kinds: [],
            selected: [],
            dateFrom: "",
            dateTo: "",
            entries: [],
            hasMore: false,
            loading: false,
            partnerName: "",
            isEntity: true,
        });
        // not awaited: the page shows at once, its entries follow
        onWillStart(() => {
            this.reload(this.props.record.resId);
        });
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.props.record.resId) {
                this.state.selected = [];
                this.reload(nextProps.record.resId);
            }
        });
    }

    async fetch(resId, offset) {
        const page = await this.orm.call("res.partner", "crm_suite_timeline", [[resId]], {
            kinds: this.state.selected,
            date_from: this.state.dateFrom || false,
            date_to: this.state.dateTo || false,
            offset,
            limit: PAGE_SIZE,
        });
        return resId === this.props.record.resId ? page : null;
    }

    async reload(resId = this.props.record.resId) {
        if (!resId) {
            this.state.entries = [];
            this.state.hasMore = false;
            return;
        }
        this.state.loading = true;
        try {
            const page = await this.fetch(resId, 0);
            if (page) {
                this.state.kinds = page.kinds;
                this.state.partnerName = page.partner_name;
                this.state.isEntity = page.is_entity;
                this.state.entries = page.entries;
                this.state.hasMore = page.has_more;
            }
        } finally {
            this.state.loading = false;
        }
    }

    async loadMore() {
        this.state.loading = true;
        try {
            const page = await this.fetch(this.props.record.resId, this.state.entries.length);
            if (page) {
                this.state.entries.push(...page.entries);
                this.state.hasMore = page.has_more;
            }
        } finally {
            this.state.loading = false;
        }
    }

    isSelected(kind) {
        return this.state.selected.includes(kind);
    }

    toggleKind(kind) {
        const selected = this.state.selected;
        this.state.selected = selected.includes(kind)
            ? selected.filter((k) => k !== kind)
            : [...selected, kind];
        this.reload();
    }

    clearKinds() {
        this.state.selected = [];
        this.reload();
    }

    onDateChange(name, ev) {
        this.state[name] = ev.target.value;
        this.reload();
    }

    icon(kind) {
        const known = this.state.kinds.find((k) => k.kind === kind);
        return known ? known.icon : "fa-circle-o";
    }

    when(entry) {
        return entry.is_day
            ? formatDate(deserializeDate(entry.date))
            : formatDateTime(deserializeDateTime(entry.date));
    }

    money(entry) {
        return formatMonetary(entry.amount, { currencyId: entry.currency_id });
    }

    open(entry) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: entry.res_model,
            res_id: entry.res_id,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("view_widgets").add("crm_suite_customer_timeline", {
    component: CustomerTimeline,
});
