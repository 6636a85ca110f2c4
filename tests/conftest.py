from pathlib import Path

import pytest

from ipsim.scenario import load_scenario

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def baseline():
    return load_scenario("baseline")


@pytest.fixture(scope="session")
def mini():
    return load_scenario(DATA / "mini-scenario.yaml")
