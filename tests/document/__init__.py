from . import test_document_render
from . import test_document_flow
from . import test_document_access
from . import test_document_ui
