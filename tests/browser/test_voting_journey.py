import datetime

import pytest
from django.utils import timezone

from terreau.governance import services
from terreau.governance.models import Ballot, Signature
from tests.accounts.factories import UserFactory
from tests.browser.test_checkin_journey import session_of
from tests.governance.factories import assembly, cooperative, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_votes_in_secret_and_finds_their_receipt_in_the_published_ballots(
    territories, live_server, page
):
    colleges = cooperative()
    voter = member(colleges[2], person=UserFactory(display_name="Awa"))
    meeting = assembly(secret=(True,))
    page.context.add_cookies(session_of(voter.person, live_server))

    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("heading", name="Votre vote").wait_for()
    page.get_by_role("radio", name="pour").check()
    page.get_by_role("button", name="Voter").click()
    page.get_by_role("heading", name="Vote enregistré").wait_for()
    receipt = page.locator(".receipt").inner_text()
    assert len(receipt) == 14
    assert Signature.objects.get().member == voter
    assert Ballot.objects.get().tracker == receipt

    # Back on the assembly page: the vote is done, nothing to count yet.
    page.goto(live_server.url + meeting.get_absolute_url())
    assert "Vote enregistré sur chaque résolution." in page.content()

    services.publish_results(
        assembly=meeting, now=meeting.voting_closes_at + datetime.timedelta(minutes=1)
    )
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("link", name="Lire le procès-verbal et les résultats").click()
    # Wait for the minutes to be the page shown: content() right after a
    # click may read the page in between (CI once read '').
    page.wait_for_url("**/proces-verbal/")
    page.get_by_text("Adoptée").first.wait_for()
    assert "Adoptée" in page.content()
    page.get_by_role("link", name="les bulletins et leurs reçus").click()
    page.get_by_label("Vérifier mon reçu").fill(receipt.lower())
    page.get_by_role("button", name="Vérifier").click()
    status = page.get_by_role("status").filter(has_text="a été compté")
    assert status.inner_text() == (
        "Le bulletin %s est dans l'urne dépouillée (collège Citoyens) : il a été compté." % receipt
    )
    # The receipt proves the ballot was counted, never the choice: the page
    # lists trackers and colleges, and the choices only as counts, in the minutes.
    assert "pour" not in page.locator("table").inner_text()
    assert timezone.now() < meeting.voting_closes_at  # the window was never forced open
