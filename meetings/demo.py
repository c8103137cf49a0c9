"""Demo meetings for a demo territory (connected to cms.demo.demo_territory_built)."""


def build_demo_meetings(territory, users):
    """Filled in below."""
