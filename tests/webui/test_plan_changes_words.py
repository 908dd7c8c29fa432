"""What changed between agreed versions of the plan reads in the reader's language:
the list of versions, one version, and the "Plan agreed" entry on the timeline."""

import re

import pytest

from core.people import accounts
from core.plans import content as plans
from core.plans import versions

READ = {
    "pl": ("Zmieniony cel: Reads words from the Year 2 list aloud", "Nowa strategia: Reading buddy at lunchtime"),
    "ur": ("ہدف بدلا گیا: Reads words from the Year 2 list aloud", "نئی حکمت عملی: Reading buddy at lunchtime"),
}


def read(page: str) -> str:
    """The page's words as a parent reads them, without the glossary's explanations."""
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="explanation">.*?</span>', "", page, flags=re.DOTALL))


@pytest.fixture
def second_version(db, child_team, site, plan, add_outcome, add_strategy):
    outcome = add_outcome()
    versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)
    plans.change_outcome(db, child_team.senco, outcome.id, {"target_value": 12}, expected_version=outcome.version,
                         site=site)
    add_strategy("Reading buddy at lunchtime", "school")
    return versions.agree_plan(db, child_team.senco, plan.id, expected_version=plan.version, site=site)


@pytest.mark.parametrize("language", sorted(READ))
def test_a_parent_reads_what_changed_in_the_plan_in_their_language(client, auth, db, child_team, second_version,
                                                                  language):
    accounts.update_preferences(db, child_team.parent, {"language": language})
    auth.login(child_team.parent)
    pages = [
        read(client.get(f"/children/{child_team.child.id}/plan/versions").get_data(as_text=True)),
        read(client.get(f"/plan-versions/{second_version.id}").get_data(as_text=True)),
        read(client.get(f"/children/{child_team.child.id}").get_data(as_text=True)),
    ]
    for page in pages:
        assert all(line in page for line in READ[language]), page
        assert "Target changed" not in page and "New strategy" not in page
