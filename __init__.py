from . import controllers
from . import models
from . import wizards
from . import report
from .hooks import _post_init_hook, _uninstall_hook
