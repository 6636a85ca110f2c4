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


def awkward_scenario():
    """The baseline with inputs off every explorer slider's grid: 1.37, a per-year budget, 0.012."""
    return (
        load_scenario("baseline")
        .with_funding("creation", multiple=1.37)
        .with_funding("finance", multiple={2017: 1.13, 2018: 0.87, 2019: 1.0, 2020: 1.21})
        .with_funding("services", multiple=0.012)
        .with_run(draws=2_000)
    )
