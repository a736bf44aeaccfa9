"""``python -m infragenius.lsp`` for tests: also trusts the test public key in $INFRAGENIUS_TEST_LICENSE_KEY.

Test-only (never shipped): the package trusts only its own keys; this lets an LSP test issue licenses
for each tier without the real signing key.
"""

from __future__ import annotations

import os
import sys

from infragenius.lsp.__main__ import main
from infragenius.tiers import license as license_mod

_shipped = license_mod.shipped_keys()
license_mod.shipped_keys = lambda: {**_shipped, "k-test": os.environ["INFRAGENIUS_TEST_LICENSE_KEY"].encode()}

if __name__ == "__main__":
    sys.exit(main())
