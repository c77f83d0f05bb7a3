from . import test_labels
from . import test_mail_merge
