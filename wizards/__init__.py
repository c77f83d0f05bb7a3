from . import contact
from . import deal
from . import campaign
from . import helpdesk
