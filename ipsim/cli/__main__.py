"""``python -m ipsim.cli``: the ``ipsim`` command."""

import sys

from ipsim.cli.commands import main

sys.exit(main())
