"""``python -m sen_desktop`` is the same program as ``sen-desktop``."""

import sys

from sen_desktop.app import main

sys.exit(main())
