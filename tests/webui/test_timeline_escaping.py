"""Whatever a person typed reaches a timeline page as text, never as markup: each item is
put together in Python (webui.timeline_html), not by Jinja's autoescape, so this holds it to
what the template did."""

import pytest

from core.timeline import entries as timeline

TYPED = '<script>alert("x")</script> & <b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"


@pytest.fixture
def page_of(client, auth, child_team):
    def read(reader) -> str:
        auth.login(reader)
        return client.get(f"/children/{child_team.child.id}").get_data(as_text=True)

    return read


def test_a_typed_title_and_body_are_shown_as_text(page_of, child_team, db, host):
    timeline.post_entry(
        db,
        child_team.parent,
        child_team.child.id,
        {"kind": "home_observation", "title": TYPED, "body": TYPED},
        host=host,
    )
    page = page_of(child_team.senco)
    assert page.count(ESCAPED) == 2
    assert "<script>alert" not in page


def test_a_typed_name_of_the_author_is_shown_as_text(page_of, child_team, db, host):
    child_team.parent.full_name = TYPED
    db.flush()
    timeline.post_entry(
        db, child_team.parent, child_team.child.id, {"kind": "home_observation", "title": "Slept well"}, host=host
    )
    page = page_of(child_team.senco)
    assert f"<bdi>{ESCAPED}</bdi>" in page
    assert "<script>alert" not in page
