"""Entry script for the frozen build (PyInstaller needs a file, not an entry point).

It sits outside the package on purpose: PyInstaller analyses a script that lives inside
a package as part of that package's source tree, which would bundle the checkout's
sen_desktop (without sen_desktop.resources) instead of the installed one.
"""

import sys

from sen_desktop.app import main

sys.exit(main())
