"""The demo's login names and its one password, in a leaf module that imports nothing.

The dev and test settings take the password from here, and the deployment check
(`cms.checks`) uses both to find demo accounts still open in production, where
neither the demo app nor the dev settings are installed. Production settings keep
only a digest of the password. demo/data/territories.json must name no other login
(tests/test_demo.py checks that).
"""

DEMO_PASSWORD = "triada-demo-2026"

DEMO_USERNAMES = (
    "admin",
    "clen-ps-rodiny",
    "clen-ps-seniori",
    "clen-rs",
    "koordinator",
    "podhuri-clen-ps",
    "podhuri-clen-rs",
    "podhuri-tajemnik",
    "tajemnik",
)
