"""Parts of a page put together in Python escape text as autoescape does (webui.wording.escaped)."""

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from webui.wording import escaped


def test_each_character_markup_gives_meaning_is_written_as_its_entity():
    assert escaped("<a href='x' title=\"y\">Tom & Jerry</a>") == (
        "&lt;a href=&#39;x&#39; title=&#34;y&#34;&gt;Tom &amp; Jerry&lt;/a&gt;"
    )


@given(st.text(alphabet=st.sampled_from("<>&'\";#1a é\u0627")) | st.text())
def test_text_is_escaped_as_markupsafe_escapes_it(text):
    assert escaped(text) == str(escape(text))
