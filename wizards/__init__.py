from . import contact
from . import deal
from . import competitor
from . import campaign
from . import helpdesk
from . import document
