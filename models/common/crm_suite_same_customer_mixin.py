from odoo import models
from odoo.exceptions import ValidationError


class CrmSuiteSameCustomerMixin(models.AbstractModel):
    """The one "belongs to the same customer" rule: a record linked to another
    (a deal, a contact person, a ticket, a contract...) must be about the same
    commercial entity as that other record."""

    _name = "crm.suite.same.customer.mixin"
    _description = "Same Customer Check"

    def _crm_suite_check_same_customer(
        self,
        fname,
        message,
        linked_customer="commercial_partner_id",
        customer="commercial_partner_id",
        refuse=None,
    ):
        """Raise a ValidationError for the first record of ``self`` whose ``fname``
        belongs to another customer than the record itself. When ``customer`` gives
        several customers (a log with several customers met), each linked record
        must belong to one of them.

        :param fname: the linked record's field on ``self`` (e.g. ``"lead_id"``)
        :param message: ``message(record)`` returns the error shown to the user
        :param linked_customer: the path, from the linked record, to its customer;
            a linked record without customer (a deal without customer) is accepted
        :param customer: the path, from ``self``'s records, to their customer
        :param refuse: optional ``refuse(record)``, true for other links refused
            with the same message (e.g. a contact person who is the customer)
        """
        for record in self.filtered(fname):
            other = record[fname].mapped(linked_customer)
            if (other - record.mapped(customer)) or (refuse and refuse(record)):
                raise ValidationError(message(record))
