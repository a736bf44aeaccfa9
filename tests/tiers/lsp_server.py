"""``python -m infragenius.lsp`` for tests: also trusts the test public key in $INFRAGENIUS_TEST_LICENSE_KEY,
and reads the organisation policy from $INFRAGENIUS_TEST_POLICY_FILE instead of the system location.

Test-only (never shipped): the package trusts only its own keys and reads the policy from fixed system
locations only; this lets an LSP test issue licenses for each tier without the real signing key, and
stand a policy file in for /etc/infragenius/policy.toml (injected here, in-process).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from infragenius.lsp.__main__ import main
from infragenius.tiers import license as license_mod
from infragenius.tiers import policy

_shipped = license_mod.shipped_keys()
license_mod.shipped_keys = lambda: {**_shipped, "k-test": os.environ["INFRAGENIUS_TEST_LICENSE_KEY"].encode()}
policy.SYSTEM_PATHS = (Path(os.environ.get("INFRAGENIUS_TEST_POLICY_FILE") or "/nonexistent/policy.toml"),)

if __name__ == "__main__":
    sys.exit(main())
