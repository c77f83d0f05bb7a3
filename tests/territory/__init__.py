from . import test_delegation
from . import test_security
from . import test_territory
from . import test_territory_access
