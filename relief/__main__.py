"""``python -m relief check PATH [PATH ...] [--json]``."""

import sys

from .cli import main

sys.exit(main())
