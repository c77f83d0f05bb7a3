from . import test_contact_log
from . import test_last_contact
from . import test_next_contact
from . import test_phone_lookup
from . import test_reminder
from . import test_ui
from . import test_log_call_ui
from . import test_contact_access
