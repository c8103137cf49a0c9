"""The demo: two fictional Czech territories built by `load_demo`.

Other apps add their part of the demo by connecting to `demo_territory_built`
in their AppConfig.ready(), so cms knows nothing of them.
"""

from django.dispatch import Signal

# Sent once per territory after the cms part of the demo is built.
# kwargs: territory (TerritoryHomePage), plan (PlanPage), users (dict role -> list of users), password (str)
demo_territory_built = Signal()
