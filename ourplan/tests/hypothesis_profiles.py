"""Hypothesis profiles for the form fuzzing (``test_fuzz_forms.py``).

- "ci" (when the CI environment variable is set, as it is for .ci/run): for each form, 200 generated
  inputs straight into the form class (built as its view builds it), and 200 posted through the
  view, the same ones each run. A request through a view renders a whole page (40-80 ms on the
  2-core CI machine), so this takes several minutes; a developer's ``make test`` uses "dev".
- "thorough" (HYPOTHESIS_PROFILE=thorough, for a night run): 200 of each, new ones every run.
- "dev" (otherwise): 50 into the form class, 10 through the view, for a quick local run.
"""

import os

from hypothesis import HealthCheck, settings

# Each example runs inside one test's database transaction (rolled back to a savepoint after
# it), so function-scoped fixtures are shared by the examples on purpose.
COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": False,
    "database": None,
}
VIEW_EXAMPLES = {"ci": 200, "thorough": 200, "dev": 10}
# CI tries the same 200 inputs each run (derandomize), so a run that passed on a developer's machine
# passes in CI; the "thorough" profile draws new ones each time, to find what those miss.
settings.register_profile("ci", max_examples=200, **{**COMMON, "derandomize": True})
settings.register_profile("thorough", max_examples=200, **COMMON)
settings.register_profile("dev", max_examples=50, **COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)

FORM_EXAMPLES = settings.default.max_examples
VIEW_EXAMPLES = VIEW_EXAMPLES[PROFILE]
