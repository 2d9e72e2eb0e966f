"""``python -m crmkit.grade SUBMISSIONS_DIR --out OUT_DIR``: see :mod:`crmkit.grade`."""

import sys

from crmkit.grade import main

sys.exit(main())
