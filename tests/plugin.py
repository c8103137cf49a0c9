"""pytest plugin (`-p tests.plugin` in pyproject's addopts): the test run's servers start here.

They start before pytest-django imports the test settings, which only read their
addresses from the environment (tests/services.py exports them), so child
processes such as the Celery worker find the same servers the same way, and
importing the settings starts nothing.
"""

import pytest

from tests.services import ensure_services


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    ensure_services()
    return (yield)
