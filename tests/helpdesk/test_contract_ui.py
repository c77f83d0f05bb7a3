from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_helpdesk", "post_install", "-at_install")
class TestContractBalanceUi(HttpCase):
    def test_overdrawn_contract_badge(self):
        """Issue 17, defect 5: at -02:00 the badge said "Almost exhausted", time
        not settled yet said "To Invoice", and the hours showed as 4.00 and 04:00."""
        manager = new_test_user(
            self.env,
            "tour_contract_manager",
            groups="base.group_user,crm_suite.group_crm_suite_helpdesk_manager",
            name="Contract Manager",
        )
        today = fields.Date.today()
        partner = self.env["res.partner"].create(
            {"name": "Tour Overdrawn Customer", "is_company": True}
        )
        contract = self.env["crm.support.contract"].create(
            {
                "name": "SUP-TOUR",
                "partner_id": partner.id,
                "date_start": today - timedelta(days=400),
                "date_end": today + timedelta(days=400),
                "period": "month",
                "hours_included": 2.0,
                "hourly_rate": 80.0,
                "balance_threshold": 1.0,
                "state": "running",
            }
        )
        ticket = self.env["crm.ticket"].create(
            {"name": "Tour overdrawn", "partner_id": partner.id}
        )
        self.assertEqual(ticket.contract_id, contract)
        self.env["crm.ticket.time.log"].create(
            {"ticket_id": ticket.id, "hours": 4.0, "date": today, "user_id": manager.id}
        )
        self.assertEqual(contract.hours_balance, -2.0)
        self.start_tour(
            f"/odoo/action-crm_suite.crm_support_contract_action/{contract.id}",
            "crm_suite_contract_balance_tour",
            login=manager.login,
        )
