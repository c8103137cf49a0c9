"""The demo's step registry: each `demo/<app>.py` module adds its part with `@step`.

A step is a function of one `DemoTerritory`, run once per demo territory, in
ascending `order` (ties by name). Steps must be idempotent: look up by a stable
key (slug under a parent, username, title) and create only what is missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

_STEPS: dict[str, "Step"] = {}


@dataclass(frozen=True)
class Step:
    """One registered demo step: its name (a later registration replaces it), order and builder."""

    name: str
    order: int
    build: Callable


@dataclass
class DemoTerritory:
    """What the steps of one territory share; earlier steps fill in what later ones read."""

    spec: dict  # one entry of data/territories.json
    password: str
    port: int
    admin: object
    territory: object = None
    site: object = None
    plan: object = None
    bodies: dict = field(default_factory=dict)  # body slug -> PlanningBody
    users: dict = field(default_factory=dict)  # role -> [User]

    @property
    def coordinator(self):
        """The territory's demo coordinator (the admin when there is none)."""
        return (self.users.get("coordinator") or [self.admin])[0]

    def text_vars(self):
        """Values for the `{placeholders}` in the data files' texts."""
        spec = self.spec
        return {
            **{key: value for key, value in spec.items() if isinstance(value, str)},
            "coordinator_name": spec["coordinator"]["name"],
            "coordinator_email": spec["coordinator"]["email"],
            "coordinator_phone": spec["coordinator"]["phone"],
            "population": f"{spec['population']:,}".replace(",", " "),
            "municipality_count": str(len(spec["municipalities"])),
            "seniors_share_number": spec["seniors_share"].replace(" %", ""),
        }


def step(order, name=None):
    """Register `build(demo_territory)` as a demo step; later registration of a name replaces it."""

    def register(build):
        key = name or f"{build.__module__}.{build.__name__}"
        _STEPS[key] = Step(key, order, build)
        return build

    return register


def steps():
    """The registered steps in the order they run."""
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


def unregister(name):
    """Remove the step `name` (for tests that add a step for one run)."""
    _STEPS.pop(name, None)
