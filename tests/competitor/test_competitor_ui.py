from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_competitor", "post_install", "-at_install")
class TestWinLossUi(HttpCase):
    """Issue 17, item 13: the Win/Loss pivot opens with one line per competitor
    and the deals met, won, lost and win rate as columns."""

    def test_win_loss_tour(self):
        new_test_user(
            self.env,
            "tour_win_loss",
            groups="base.group_user,sales_team.group_sale_manager",
            name="Win Loss Manager",
        )
        rival = self.env["crm.competitor"].create({"name": "Walk Rival"})
        partner = self.env["res.partner"].create({"name": "Walk Prospect"})
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Walk deal {status}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "competitor_line_ids": [
                        Command.create({"competitor_id": rival.id, "status": status})
                    ],
                }
                for status in ("we_won", "they_won", "in_play")
            ]
        )
        self.start_tour(
            "/odoo/action-crm_suite.crm_lead_competitor_action",
            "crm_suite_win_loss_tour",
            login="tour_win_loss",
        )
