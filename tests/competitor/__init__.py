from . import test_competitor
from . import test_competitor_ui
