"""The demo is seeded into an empty database once, and never again over itself."""

from sqlalchemy import func, select

from core.models import Person
from core.people.passwords import CHEAPEST
from demo import seed as demo


def test_the_demo_is_created_once(db, host):
    assert demo.ensure_demo(db, host, CHEAPEST) is True
    assert demo.ensure_demo(db, host, CHEAPEST) is False
    assert db.scalar(select(func.count()).select_from(Person)) == len(demo.PEOPLE)
