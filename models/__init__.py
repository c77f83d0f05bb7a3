# One package per capability; each extends the core models it needs in a file named
# after the model. Load order: shared services first, then the capabilities, each
# after those it builds on.

# shared services: money figures, settings
from . import common

# customer records: relations, occasions, attributes, products, 360 panel, timeline
from . import customer

# contact history: contact logs, results, planned contacts
from . import contact

# deals and money: stages, invoices from deals, forecast
from . import deal

# competitors and win/loss
from . import competitor

# campaigns: members, segments, costs
from . import campaign

# territories and delegation: who sees which customers
from . import territory

# helpdesk: tickets, teams, SLA, support contracts, knowledge base, portal
from . import helpdesk

# payment follow-up: levels, reminders, statement, disputes from the helpdesk
from . import followup

# documents and letters from templates: proposals, contracts, approval, sending
from . import document
