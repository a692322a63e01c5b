"""Settings of the test suite (pytest.ini): production settings plus the test seams.

The suite runs with DEBUG off, like production, but with a key of its own
and over plain HTTP (the test client speaks no TLS). Everything else is
the production configuration from ``funding.settings``.
"""

import os

# Read by funding.settings, which refuses the development key when DEBUG is off.
os.environ.setdefault("SECRET_KEY", "test-suite-only-key-never-used-in-production-0123456789")

from funding.settings import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
