"""The demo's service profile and staff surveys (issue 15).

- Blackpool's profile for the 2021 inspection: ``examples/profile-blackpool-2021.yaml``, 004's
  published figures (contextual facts, caseload, staffing, characteristics), chosen for the
  Blackpool 2021 report, so its contextual facts page shows them as 004 does.
- The staff survey of 2018 (on the recorded published inspection) and of 2021
  (``examples/surveys-blackpool-2018.yaml`` and ``-2021.yaml``), so the 2021 report shows the
  supervision and skills questions beside 2018's, as 004 states them.

**How the survey counts were derived.** 004 gives shares, not counts, and no number of
respondents: "In the previous inspection, 42 per cent of staff rated their supervision as poor
or very poor. When surveyed for this inspection, all staff reported supervision to be quite
good or very good" and "in 2018, only 41 per cent of staff felt they fully had the skills and
knowledge ... In our most recent survey, all staff perceived themselves to at least mostly have
the relevant skills and knowledge". The counts here are the smallest that give 004's figures
when rounded as the ratings are: 41% is 7 of 17 (no smaller number of answers gives 41%), so 17
staff took part in 2018; 42% is 5 of 12 (likewise the smallest), so 12 of them answered the
supervision question. In 2021, 13 staff took part (the service's 13.28 full-time equivalent
staff, 004's key staffing data), all answering both questions, none poor or very poor and none
below "mostly". How the answers divide within "poor or very poor", "quite good or very good"
and "at least mostly" is not published: those splits are synthetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from yjinspect import surveys as core
from yjinspect.profile_files import read_profile
from yjinspect_web.profile import profiles, surveys
from yjinspect_web.workspace.models import Inspection, Service, User

PROFILE_FILE = "profile-blackpool-2021.yaml"
EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples"

SURVEY_FILES = {2018: "surveys-blackpool-2018.yaml", 2021: "surveys-blackpool-2021.yaml"}


def staff_survey(year: int, examples: Path = EXAMPLES_DIR) -> core.Survey:
    """004's staff survey of ``year`` as counts (see the module's docstring)."""
    (survey,) = core.read_survey_file(examples / SURVEY_FILES[year])
    return survey


def load(
    service: Service,
    inspection_2018: Inspection,
    inspection_2021: Inspection,
    users: Mapping[str, User],
    examples: Path,
) -> None:
    """Blackpool's 2021 profile (chosen for the 2021 report) and the 2018 and 2021 staff
    surveys; a reload in place replaces them (each change recorded)."""
    profile = read_profile(examples / PROFILE_FILE)
    profiles.store(service, users["manager"], profile, "demo", inspection=inspection_2021)
    surveys.store(inspection_2018, users["admin"], staff_survey(2018, examples), "demo")
    surveys.store(inspection_2021, users["lead"], staff_survey(2021, examples), "demo")
