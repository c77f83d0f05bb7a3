{
    "name": "CRM Suite",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Contact logs, next contacts, quick call entry and customer dossiers, "
    "tied to partners, deals, invoices and payments",
    "description": """
CRM Suite keeps every contact with a customer in one place, next to the customer's
deals, invoices and payments: calls, meetings, e-mails, letters, visits and
negotiations are logged with their result, the next contact is planned as an Odoo
activity, forgotten customers are flagged and a customer dossier prints everything a
salesperson needs before a call.
""",
    "author": "crm_suite developers",
    "website": "https://github.com/crm-suite/crm_suite",
    "license": "LGPL-3",
    "depends": [
        "crm",
        "account",
        "mail",
        "phone_validation",
        "crm_iap_enrich",
    ],
    "external_dependencies": {"python": ["phonenumbers", "xlsxwriter"]},
    "data": [
        "security/crm_suite_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/crm_contact_result_data.xml",
        "data/ir_cron_data.xml",
        "data/crm_competitor_data.xml",
        "data/crm_stage_data.xml",
        "views/crm_contact_result_views.xml",
        "views/crm_contact_log_views.xml",
        "views/res_partner_views.xml",
        "views/crm_competitor_views.xml",
        "views/crm_lead_competitor_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_lead_views.xml",
        "views/account_move_views.xml",
        "views/mail_activity_type_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/crm_contact_log_call_views.xml",
        "wizards/crm_lead_lost_views.xml",
        "wizards/crm_debt_report_views.xml",
        "report/crm_customer_dossier_reports.xml",
        "report/crm_customer_dossier_templates.xml",
        "report/crm_competitor_reports.xml",
        "report/crm_competitor_templates.xml",
        "report/crm_debt_report_reports.xml",
        "report/crm_debt_report_templates.xml",
        "views/crm_suite_menus.xml",
    ],
    "demo": [
        "demo/crm_contact_log_demo.xml",
        "demo/crm_competitor_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_suite/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "crm_suite/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "_post_init_hook",
    "application": True,
    "installable": True,
}
