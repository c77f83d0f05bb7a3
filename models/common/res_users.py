from odoo import models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    """Ownership guards shared by every capability.

    Odoo checks a record rule against a record as it is before a write, never against
    the values written. A field that a rule keys on (the owner of a deal, of a log, of
    a delegation, the salesperson of a customer) would otherwise let a user write a
    record into a state where a rule hands them someone else's records. Each model
    names its owner fields and the groups that may assign them to other users, and
    calls :meth:`_crm_suite_check_assignment` from ``create`` and ``write``."""

    _inherit = "res.users"

    def _crm_suite_may_assign(self, groups):
        """Whether the current user may set an owner field to any user: the
        superuser and code running as superuser (crons, installation, sudo'ed
        business code), and the members of one of ``groups``."""
        env = self.env
        return (
            env.su
            or env.user._is_superuser()
            or any(env.user.has_group(group) for group in groups)
        )

    def _crm_suite_check_assignment(self, records, vals_list, fnames, groups):
        """Raise an AccessError when the current user, outside ``groups``, writes
        one of the owner fields ``fnames`` of ``records`` (a model when creating)
        to another user than themselves. Emptying a field or keeping its value is
        allowed."""
        if self._crm_suite_may_assign(groups):
            return
        uid = self.env.uid
        for vals in vals_list:
            for fname in fnames:
                if fname not in vals:
                    continue
                value = vals[fname]
                if not value or value == uid:
                    continue
                if records and all(record[fname].id == value for record in records):
                    continue
                field = records._fields[fname]
                raise AccessError(
                    self.env._(
                        "You may only set yourself as %(field)s of a %(model)s: "
                        "ask a manager to assign it to someone else.",
                        field=field._description_string(self.env),
                        model=records._description,
                    )
                )
