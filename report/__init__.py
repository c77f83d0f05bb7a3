from . import customer
from . import deal
from . import helpdesk
from . import document
