"""`python -m contract_catalog.cli`: the `contracts` command."""

import sys

from .main import main

sys.exit(main())
