from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """18.0.2.0.0 numbers tickets through ir.sequence (date ranges honoured, per
    company): make sure every ticket sequence goes on after the highest existing
    ticket number. The numbers already given are kept."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.ticket"]._catch_up_ticket_sequences()
