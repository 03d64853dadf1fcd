"""The synthetic council: realistic Annex A returns for a fictional council, from a seed.

Children flow from contact to referral, assessment, section 47 enquiry, conference, plan and
care at England's published rates, with seasons, teams and workers, planted scenarios with
known start dates, and data-quality faults at a chosen rate. Public API:

* `SynthConfig`: what to generate (the options of ``safeguard synth``);
* `generate(config, out_dir, progress=None) -> Manifest`: write the workbooks and manifest;
* `simulate(config) -> CouncilHistory`: the truth in memory; ``records(as_at, since)`` gives
  Annex A's lists as they stood on a day, keyed by the specification's list and column keys,
  holding canonical values (the form a snapshot stores);
* `SCENARIOS`: the scenarios that can be planted.
"""

from safeguard.synth.config import SynthConfig
from safeguard.synth.generation import generate
from safeguard.synth.history import CouncilHistory, simulate
from safeguard.synth.manifest import Manifest
from safeguard.synth.scenarios import SCENARIOS

__all__ = ["SCENARIOS", "CouncilHistory", "Manifest", "SynthConfig", "generate", "simulate"]
