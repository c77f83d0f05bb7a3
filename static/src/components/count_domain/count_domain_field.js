import { Domain } from "@web/core/domain";
import { registry } from "@web/core/registry";
import { DomainField, domainField } from "@web/views/fields/domain/domain_field";

/**
 * A domain editor whose "N record(s)" link counts and lists what the user will
 * really get, not only the condition being edited: the filter is one part of a
 * larger selection (a segment's job positions, a territory's countries), whose
 * complete domain the record computes in the field named by `count_field`.
 */
export class CountDomainField extends DomainField {
    static props = {
        ...DomainField.props,
        countField: { type: String, optional: true },
    };

    getEvaluatedDomain(props = this.props) {
        const countField = props.countField;
        if (!countField || !props.record.data[countField]) {
            return super.getEvaluatedDomain(props);
        }
        // the edited condition must still be valid on its own
        const ownDomain = super.getEvaluatedDomain(props);
        if (ownDomain.isInvalid) {
            return ownDomain;
        }
        return new Domain(props.record.data[countField]).toList(this.getContext(props));
    }
}

export const countDomainField = {
    ...domainField,
    component: CountDomainField,
    extractProps(fieldInfo, dynamicInfo) {
        return {
            ...domainField.extractProps(fieldInfo, dynamicInfo),
            countField: fieldInfo.options.count_field,
        };
    },
};

registry.category("fields").add("crm_suite_count_domain", countDomainField);
