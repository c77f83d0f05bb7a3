from . import test_followup
from . import test_followup_workers
