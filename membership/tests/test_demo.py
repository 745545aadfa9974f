"""membership/demo.py runs from load_demo and is safe to run twice."""

import io

import pytest
from django.contrib.auth import get_user_model

from membership import demo
from membership.entitlements import member_state
from membership.models import Appeal, Bookmark, Payment

pytestmark = pytest.mark.django_db


def test_it_loads_an_appeal_a_member_and_figures_and_can_run_twice(blog):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Appeal.objects.count() == 1
    member = get_user_model().objects.get(username="member")
    assert member.check_password("newsline")
    assert member_state(member).has_premium
    assert Bookmark.objects.filter(user=member).count() == 1
    first = Payment.objects.count()
    demo.load(io.StringIO())
    assert Payment.objects.count() == first
