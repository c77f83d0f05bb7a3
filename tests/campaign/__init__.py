from . import test_campaign
from . import test_campaign_ui
from . import test_campaign_walkthrough
from . import test_campaign_access
