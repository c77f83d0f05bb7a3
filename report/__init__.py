from . import customer
from . import deal
from . import campaign
from . import helpdesk
from . import analysis
from . import document
