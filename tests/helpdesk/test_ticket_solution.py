from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from ..common import CrmTicketCommon


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_knowledge")
class TestTicketSolution(CrmTicketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.hardware = cls.env["crm.ticket.category"].create({"name": "Test hardware"})
        cls.billing = cls.env["crm.ticket.category"].create({"name": "Test billing"})
        cls.tag_warranty = cls.env["crm.ticket.tag"].create({"name": "Test warranty"})
        Solution = cls.env["crm.ticket.solution"]
        cls.solution_printer = Solution.create(
            {
                "name": "Printer jams after an update",
                "problem": "The printer pulls several sheets at once.",
                "solution": "<p>Set the paper type back to <b>Plain</b>.</p>",
                "category_id": cls.hardware.id,
                "user_id": cls.helpdesk_agent.id,
            }
        )
        cls.solution_toner = Solution.create(
            {
                "name": "Faded prints",
                "problem": "Sheets come out pale.",
                "solution": "<p>Replace the toner cartridge.</p>",
                "category_id": cls.hardware.id,
                "user_id": cls.helpdesk_other.id,
            }
        )
        cls.solution_invoice = Solution.create(
            {
                "name": "Invoice received twice",
                "problem": "The printer of the customer printed the invoice twice.",
                "solution": "<p>Pay it once.</p>",
                "category_id": cls.billing.id,
                "user_id": cls.helpdesk_manager.id,
            }
        )
        cls.ticket = cls._ticket(
            name="The printer jams on every page",
            team_id=cls.helpdesk_team.id,
            category_id=cls.hardware.id,
            tag_ids=[Command.set(cls.tag_warranty.ids)],
            contact_id=cls.ann.id,
            description="<p>Since Monday the printer jams.</p>",
        )

    # ------------------------------------------------------------
    # Search from a ticket, use a solution
    # ------------------------------------------------------------

    def test_search_words(self):
        Solution = self.env["crm.ticket.solution"]
        self.assertEqual(
            Solution._search_words("The printer JAMS on the printer, again"),
            ["printer", "jams", "again"],
        )
        found = Solution.search([("keywords", "ilike", "pale cartridge")])
        self.assertEqual(found, self.solution_toner)
        # short words alone filter nothing
        self.assertEqual(
            Solution.search([("keywords", "ilike", "on a")]),
            Solution.search([]),
        )

    @users("helpdesk_agent")
    def test_find_solution_from_ticket(self):
        ticket = self.ticket.with_env(self.env)
        action = ticket.action_find_solution()
        self.assertEqual(action["res_model"], "crm.ticket.solution")
        context = action["context"]
        self.assertEqual(context["crm_suite_ticket_id"], ticket.id)
        self.assertEqual(context["search_default_category_id"], self.hardware.id)
        self.assertEqual(context["search_default_keywords"], ticket.name)
        # the two facets the search view builds from these defaults
        found = self.env["crm.ticket.solution"].search(
            [
                ("keywords", "ilike", context["search_default_keywords"]),
                ("category_id", "=", context["search_default_category_id"]),
            ]
        )
        # "printer" and "jams" match; the invoice solution mentions a printer but
        # is filed under billing; the toner solution has none of the words
        self.assertEqual(found, self.solution_printer)

    @users("helpdesk_other")
    def test_use_solution_on_ticket(self):
        """An agent uses a colleague's solution: linked, counted, posted as a note."""
        # since issue 13 an agent takes only the unassigned tickets of their teams
        self.helpdesk_team.member_ids = [Command.link(self.env.uid)]
        ticket = self.ticket.with_env(self.env)
        ticket.user_id = self.env.user
        solution = self.solution_printer.with_env(self.env)
        self.assertEqual(solution.use_count, 0)
        action = solution.with_context(
            crm_suite_ticket_id=ticket.id
        ).action_use_for_ticket()
        # back to the ticket's breadcrumb rather than a new one on top
        self.assertEqual(action["tag"], "crm_suite_back_to_record")
        self.assertEqual(action["params"]["record_name"], ticket.display_name)
        fallback = action["params"]["action"]
        self.assertEqual(
            (fallback["res_model"], fallback["res_id"]), ("crm.ticket", ticket.id)
        )
        self.assertEqual(ticket.solution_id, solution)
        self.assertEqual(solution.use_count, 1)
        self.assertEqual(solution.ticket_ids, ticket)
        note = ticket.message_ids[0]
        self.assertIn("Solution used: Printer jams after an update", note.body)
        self.assertIn("Plain", note.body)
        self.assertTrue(note.subtype_id.internal, "a note, not a mail to the customer")
        with self.assertRaisesRegex(UserError, "Open the solutions from a ticket"):
            solution.action_use_for_ticket()

    def test_use_count(self):
        """Counted in one grouped query for any number of solutions, archived
        tickets included; kept up to date when tickets change solution."""
        tickets = self.env["crm.ticket"].create(
            [
                {"name": f"Jam {index}", "solution_id": self.solution_printer.id}
                for index in range(3)
            ]
        )
        self.ticket.solution_id = self.solution_toner
        solutions = self.solution_printer | self.solution_toner | self.solution_invoice
        self.assertEqual(solutions.mapped("use_count"), [3, 1, 0])
        tickets[0].active = False
        tickets[1].solution_id = self.solution_invoice
        self.assertEqual(solutions.mapped("use_count"), [2, 1, 1])
        self.assertEqual(self.solution_printer.ticket_ids, tickets[2])
        tickets[2].unlink()
        self.assertEqual(solutions.mapped("use_count"), [1, 1, 1])
        # the most used solutions come first
        self.env["crm.ticket"].create(
            [{"name": "Pale", "solution_id": self.solution_toner.id}]
        )
        self.assertEqual(
            self.env["crm.ticket.solution"].search([("id", "in", solutions.ids)])[0],
            self.solution_toner,
        )
        # the same queries for one solution or three
        self.env.flush_all()
        with self.assertQueryCount(2):
            solutions[0]._compute_use_count()
        self.env.flush_all()
        with self.assertQueryCount(2):
            solutions._compute_use_count()

    # ------------------------------------------------------------
    # Close wizard
    # ------------------------------------------------------------

    def _close_form(self, ticket):
        return Form(
            self.env["crm.ticket.close"].with_context(default_ticket_id=ticket.id)
        )

    @users("helpdesk_agent")
    def test_close_without_solution(self):
        ticket = self.ticket.with_env(self.env)
        ticket.solution_id = self.solution_printer
        form = self._close_form(ticket)
        self.assertEqual(form.stage_id, self.ticket_stage_solved, "first closing stage")
        self.assertIn("Plain", form.resolution, "prefilled from the solution used")
        self.assertEqual(form.solution_name, "The printer jams on every page")
        self.assertEqual(form.problem, "Since Monday the printer jams.")
        form.resolution = "<p>We changed the paper type: it prints again.</p>"
        form.save().action_confirm()
        self.assertTrue(ticket.is_closed)
        self.assertEqual(ticket.stage_id, self.ticket_stage_solved)
        self.assertTrue(ticket.date_closed)
        message = ticket.message_ids.filtered(lambda m: "paper type" in m.body)
        self.assertEqual(len(message), 1)
        self.assertFalse(message.subtype_id.internal, "sent to the customer")
        self.assertEqual(message.partner_ids, self.ann, "the contact person")
        self.assertEqual(ticket.solution_id, self.solution_printer)
        self.assertEqual(self.solution_printer.use_count, 1)
        self.assertFalse(
            self.env["crm.ticket.solution"].search([("ticket_id", "=", ticket.id)])
        )

    @users("helpdesk_agent")
    def test_close_without_message(self):
        ticket = self.ticket.with_env(self.env)
        messages = ticket.message_ids
        form = self._close_form(ticket)
        self.assertFalse(form.resolution)
        form.stage_id = self.ticket_stage_cancelled
        form.save().action_confirm()
        self.assertEqual(ticket.stage_id, self.ticket_stage_cancelled)
        self.assertFalse(
            (ticket.message_ids - messages).filtered(
                lambda m: m.message_type == "comment"
            ),
            "no empty message to the customer",
        )

    @users("helpdesk_agent")
    def test_close_and_save_solution(self):
        ticket = self.ticket.with_env(self.env)
        form = self._close_form(ticket)
        form.resolution = "<p>Clean the rollers with a dry cloth.</p>"
        form.save_solution = True
        self.assertEqual(form.solution, form.resolution, "the answer is the solution")
        form.solution_name = "Printer jams: dirty rollers"
        form.cause = "Dust on the rollers"
        form.save().action_confirm()
        solution = ticket.solution_id
        self.assertEqual(solution.name, "Printer jams: dirty rollers")
        self.assertEqual(solution.problem, "Since Monday the printer jams.")
        self.assertEqual(solution.cause, "Dust on the rollers")
        self.assertIn("dry cloth", solution.solution)
        self.assertEqual(solution.ticket_id, ticket, "the source ticket")
        self.assertEqual(solution.category_id, self.hardware)
        self.assertEqual(solution.tag_ids, self.tag_warranty)
        self.assertEqual(solution.user_id, self.helpdesk_agent)
        self.assertEqual(solution.company_id, ticket.company_id)
        self.assertEqual(solution.use_count, 1)
        self.assertTrue(ticket.is_closed)

    @users("helpdesk_agent")
    def test_close_errors(self):
        ticket = self.ticket.with_env(self.env)
        Wizard = self.env["crm.ticket.close"]
        wizard = Wizard.create(
            {
                "ticket_id": ticket.id,
                "save_solution": True,
                "resolution": "<p><br></p>",
            }
        )
        with self.assertRaisesRegex(UserError, "To save a new solution"):
            wizard.action_confirm()
        wizard.stage_id = self.ticket_stage_progress
        with self.assertRaisesRegex(UserError, "does not close tickets"):
            wizard.action_confirm()
        self.assertFalse(ticket.is_closed)
        self.assertFalse(
            self.env["crm.ticket.solution"].search([("ticket_id", "=", ticket.id)])
        )
        # no closing stage at all
        (self.ticket_stage_solved | self.ticket_stage_cancelled).sudo().active = False
        wizard = Wizard.create({"ticket_id": ticket.id})
        self.assertFalse(wizard.stage_id)
        with self.assertRaisesRegex(UserError, "There is no closing stage"):
            wizard.action_confirm()

    # ------------------------------------------------------------
    # Security
    # ------------------------------------------------------------

    @users("helpdesk_other")
    def test_agent_rights(self):
        Solution = self.env["crm.ticket.solution"]
        self.assertEqual(
            Solution.search([]) & self._solutions(),
            self._solutions(),
            "agents read every solution",
        )
        own = self.solution_toner.with_env(self.env)
        own.cause = "Empty toner"
        created = Solution.create({"name": "Mine", "solution": "<p>Do it.</p>"})
        self.assertEqual(created.user_id, self.env.user)
        created.name = "Mine, renamed"
        other = self.solution_printer.with_env(self.env)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            other.cause = "Something"
        with self.assertRaises(AccessError):
            created.unlink()

    @users("helpdesk_manager")
    def test_manager_rights(self):
        solution = self.solution_printer.with_env(self.env)
        solution.cause = "The update"
        solution.unlink()
        self.assertFalse(solution.exists())

    @users("sales_own")
    def test_salesperson_reads_only(self):
        Solution = self.env["crm.ticket.solution"]
        self.assertEqual(Solution.search([]) & self._solutions(), self._solutions())
        with self.assertRaises(AccessError):
            self.solution_printer.with_env(self.env).name = "Edited"
        with self.assertRaises(AccessError):
            Solution.create({"name": "Sales tip"})

    @users("portal_ann", "employee")
    def test_no_access_without_rights(self):
        with self.assertRaises(AccessError):
            self.env["crm.ticket.solution"].search([])
        with self.assertRaises(AccessError):
            self.solution_printer.with_env(self.env).read(["name"])

    @users("helpdesk_agent")
    def test_multi_company(self):
        other_company = self.other_company
        foreign = (
            self.env["crm.ticket.solution"]
            .sudo()
            .create({"name": "Other company's trick", "company_id": other_company.id})
        )
        self.solution_toner.sudo().company_id = self.env.company
        visible = self.env["crm.ticket.solution"].search([])
        self.assertIn(self.solution_printer, visible, "no company: shared")
        self.assertIn(self.solution_toner, visible)
        self.assertNotIn(foreign, visible)

    def _solutions(self):
        return (
            self.solution_printer | self.solution_toner | self.solution_invoice
        ).with_env(self.env)

    @users("helpdesk_agent")
    def test_views(self):
        """The ticket form (with the knowledge buttons), the solution and close
        wizard forms and the team dashboard load for an agent."""
        with Form(self.ticket.with_env(self.env)) as form:
            form.solution_id = self.solution_printer
        self.assertEqual(self.ticket.solution_id, self.solution_printer)
        arch = self.env["crm.ticket"].get_views([(False, "form")])["views"]["form"]
        self.assertIn('name="action_find_solution"', arch["arch"])
        with Form(self.env["crm.ticket.solution"]) as form:
            form.name = "Paper too thick"
            form.category_id = self.hardware
        self.assertEqual(form.record.user_id, self.env.user)
        views = self.env["crm.ticket.team"].get_views(
            [(self.env.ref("crm_suite.crm_ticket_team_view_kanban").id, "kanban")]
        )
        self.assertIn("closed_week_ticket_count", views["views"]["kanban"]["arch"])
        self.env["crm.ticket.team"].web_search_read(
            [], {"name": {}, "open_ticket_count": {}, "my_ticket_count": {}}
        )
