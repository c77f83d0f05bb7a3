# One package per capability, as in models/.
from . import helpdesk
