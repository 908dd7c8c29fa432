"""Templates' globals: the environment's and their own, as Jinja keeps them."""


def test_a_templates_globals_name_its_own_and_the_environments(app):
    template = app.jinja_env.from_string("", globals={"own": 1})
    assert {"own", "url_for", "site_header"} <= set(template.globals.keys())


def test_a_template_sees_a_global_added_after_it_was_loaded(app, monkeypatch):
    template = app.jinja_env.from_string("{{ added_late }}")
    monkeypatch.setitem(app.jinja_env.globals, "added_late", "seen")
    assert template.render() == "seen"
