#!/usr/bin/env python3
"""Write a synthetic contracts tree of N event types (the generator is the package contract_catalog_synth).

python scripts/synth_corpus.py --events 2000 --out /tmp/bench/contracts [--seed 7] [--profile wide]
"""

import sys

from contract_catalog_synth import main

if __name__ == "__main__":
    sys.exit(main())
