from . import test_document_render
from . import test_document_flow
from . import test_document_access
from . import test_document_ui
from . import test_labels
from . import test_mail_merge
