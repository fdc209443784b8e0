"""`@pytest.mark.feature("zip", ...)`: the test needs those optional parts of the installation
(cradle.features). A source build without a part's library skips its tests, and
test_features.py checks that such a part refuses with "feature-unavailable"."""
import pytest

import cradle


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "feature(*names): needs these optional parts (cradle.features)")


def pytest_runtest_setup(item):
    for mark in item.iter_markers(name="feature"):
        missing = [n for n in mark.args if not cradle.features[n]]
        if missing:
            pytest.skip(f"this installation has no {', '.join(missing)} (cradle.features)")
