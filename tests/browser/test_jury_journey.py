"""A juror scores an application in the browser, without JavaScript
needed, and only then reads the other juror's scores."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from terreau.calls import jury
from terreau.calls.models import Review
from tests.browser.test_checkin_journey import session_of
from tests.calls.factories import appoint, closed_call, eligible_application, marks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_a_juror_scores_the_grid_then_reads_the_others(territories, live_server, page):
    call = closed_call()
    application = eligible_application(call)
    jury.submit_review(
        juror=appoint(call),
        application=application,
        marks=marks(call, 2, "Le plan reste vague."),
        at=call.closes_at,
    )
    juror = appoint(call)
    page.context.add_cookies(session_of(juror.person, live_server))

    page.goto(live_server.url + "/jury/appels/%d/" % call.pk)
    assert "Il vous reste 1 candidature à noter." in page.content()
    page.get_by_role("link", name=str(application.territory)).click()
    # On the grid page before reading it: a negative check on a page in
    # between would pass for nothing.
    page.wait_for_url("**/jury/candidatures/%d/" % application.pk)
    page.get_by_role("button", name="Soumettre ma notation").wait_for()
    assert "Le plan reste vague." not in page.content()
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert not violations.response["violations"], violations.response["violations"]

    for criterion in call.criteria.all():
        page.get_by_role(
            "radiogroup", name="Note pour « %s » (0 à 5)" % criterion.title
        ).get_by_label("4").check()
        page.get_by_label("Commentaire sur « %s »" % criterion.title).fill("Un réseau solide.")
    page.get_by_role("button", name="Soumettre ma notation").click()
    page.get_by_text("Votre notation est enregistrée").wait_for()
    assert "Le plan reste vague." in page.content()
    assert list(Review.objects.get(juror=juror).scores.values_list("value", flat=True)) == [4, 4]
