from odoo import api, fields, models

DOSSIER_LOG_LIMIT = 20
# the open deals, planned activities and open invoices listed; a customer with
# thousands of them gets the first ones (by date) and how many more there are
DOSSIER_LIST_LIMIT = 50


class ReportCustomerDossier(models.AbstractModel):
    _name = "report.crm_suite.report_customer_dossier"
    _description = "Customer Dossier"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "dossiers": {
                partner.id: self._prepare_dossier(partner) for partner in partners
            },
        }

    @api.model
    def _prepare_dossier(self, partner):
        commercial = partner.commercial_partner_id
        log_domain = partner._contact_log_domain()
        Log = self.env["crm.contact.log"]
        logs = Log.search(log_domain, limit=DOSSIER_LOG_LIMIT)
        # a meeting needs the recent history and the totals, not every log (a
        # customer may have thousands): the totals per kind come from one query
        log_kinds = Log._read_group(
            log_domain, ["activity_type_id"], ["__count"], order="__count desc"
        )
        log_count = sum(count for _kind, count in log_kinds)
        Lead = self.env["crm.lead"]
        lead_domain = [
            ("partner_id", "child_of", commercial.id),
            ("type", "=", "opportunity"),
            ("stage_id.is_won", "=", False),
        ]
        leads = Lead.search(
            lead_domain, order="date_deadline, id", limit=DOSSIER_LIST_LIMIT
        )
        lead_count = Lead.search_count(lead_domain)
        Activity = self.env["mail.activity"]
        activity_domain = [
            "|",
            "&",
            ("res_model", "=", "res.partner"),
            ("res_id", "in", commercial.child_ids.ids + commercial.ids),
            "&",
            ("res_model", "=", "crm.lead"),
            ("res_id", "in", Lead._search(lead_domain)),
        ]
        activities = Activity.search(
            activity_domain, order="date_deadline, id", limit=DOSSIER_LIST_LIMIT
        )
        activity_count = Activity.search_count(activity_domain)
        # the same readers as the Customer 360 panel see the money figures
        show_money = commercial._crm_suite_sees_money(
            owns_deal=bool(
                Lead.search_count(
                    [*lead_domain, ("user_id", "=", self.env.uid)], limit=1
                )
            )
        )
        return {
            "commercial": commercial,
            "contacts": commercial.child_ids.filtered(lambda c: c.type == "contact"),
            "logs": logs,
            "log_kinds": log_kinds,
            "log_count": log_count,
            "logs_left_out": max(log_count - len(logs), 0),
            "leads": leads,
            "leads_left_out": max(lead_count - len(leads), 0),
            "activities": activities,
            "activities_left_out": max(activity_count - len(activities), 0),
            "show_money": show_money,
            "currency": self.env.company.currency_id,
            "today": fields.Date.context_today(self),
            **(self._prepare_money(commercial) if show_money else {}),
            **self._prepare_sections(commercial),
        }

    @api.model
    def _prepare_sections(self, commercial):
        """Extension point: the values of the sections other capabilities add to the
        dossier. A capability extends this method from its own ``report/<cap>/``
        package, calls ``super()`` and adds its keys; its template inherits
        ``report_customer_dossier_document`` and fills the ``sections`` block."""
        return {}

    @api.model
    def _prepare_money(self, commercial):
        """The customer's money figures as the Customer 360 panel shows them
        (``crm.money._customer_figures``) and its open invoices."""
        today = fields.Date.context_today(self)
        money = self.env["crm.money"]
        figures = money._customer_figures(commercial, today)
        # sudo usage: the dossier shows salespeople their customer's open invoices
        # without giving them accounting rights; read-only, limited to this
        # customer's own documents.
        domain = money._invoice_domain() + [
            ("commercial_partner_id", "=", commercial.id),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        Move_su = self.env["account.move"].sudo()
        invoice_domain = [*domain, ("move_type", "=", "out_invoice")]
        invoices_su = Move_su.search(
            invoice_domain, order="invoice_date_due, id", limit=DOSSIER_LIST_LIMIT
        )
        invoice_count = Move_su.search_count(invoice_domain)
        return {
            # credit notes are no invoices: listed apart (the totals net them)
            "open_invoices": invoices_su,
            "invoices_left_out": max(invoice_count - len(invoices_su), 0),
            "open_credit_notes": Move_su.search(
                [*domain, ("move_type", "=", "out_refund")],
                order="invoice_date_due, id",
                limit=DOSSIER_LIST_LIMIT,
            ),
            "open_total": figures["amount_due"],
            "overdue_total": figures["amount_overdue"],
            "amount_invoiced": figures["amount_invoiced"],
            "amount_paid": figures["amount_paid"],
            "currency": self.env["res.currency"].browse(figures["currency_id"]),
            "last_payment_date": figures["last_payment_date"],
            "today": today,
        }
