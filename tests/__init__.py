# Tests mirror the capabilities: one package each, as in models/. common.py holds the
# shared fixtures; the module-wide tests (install, performance) sit here.
from . import test_access_matrix
from . import test_install
from . import test_money
from . import test_performance
from . import test_shared_helpers
from .contact import *
from .customer import *
from .deal import *
from .competitor import *
from .campaign import *
from .territory import *
from .helpdesk import *
from . import test_bad_input
from .followup import *
from .document import *
