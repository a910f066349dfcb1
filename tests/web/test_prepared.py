"""sql.Prepared (a queryset written into SQL once per process, run with new values) gives what
the ORM gives: here for the view decorators' inspection, which decides who sees what, checked
for every role, with and without a service, against the rule itself (visible_inspections) on
inspections of every kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from yjinspect_web import sql
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Inspection, Role, Service, TeamMember, User

from .conftest import make_user


@pytest.fixture
def inspections(service: Service, other_service: Service, people: dict[str, User]) -> list[int]:
    made = []
    for owner in (service, other_service):
        for kind in (Inspection.Kind.INSPECTION, Inspection.Kind.SELF_ASSESSMENT):
            for locked in (False, True):
                made.append(
                    Inspection.objects.create(
                        service=owner, framework_id="iyjs-2018", kind=kind, ratings_locked=locked,
                        title=f"{owner.name} {kind} {locked}", fieldwork_start=dt.date(2026, 1, 5),
                    )
                )  # fmt: skip
    TeamMember.objects.create(inspection=made[0], user=people["lead"], role="lead")
    TeamMember.objects.create(inspection=made[0], user=people["inspector"], role="inspector")
    TeamMember.objects.create(inspection=made[4], user=people["inspector"], role="inspector")
    TeamMember.objects.create(inspection=made[6], user=people["manager"], role="lead")
    TeamMember.objects.create(inspection=made[2], user=people["manager"], role="lead")
    return [i.pk for i in made] + [max(i.pk for i in made) + 1]  # and one that does not exist


def test_the_decorators_inspection_is_what_the_rule_gives_to_everyone(
    inspections: list[int], people: dict[str, User]
) -> None:
    everyone = [*people.values(), make_user("lost", Role.SERVICE_MANAGER)]  # no service
    for user in everyone:
        user = User.objects.get(pk=user.pk)
        for inspection_id in inspections:
            expected = permissions.visible_inspections(user).filter(pk=inspection_id).first()
            if expected is None:
                with pytest.raises(Http404):
                    permissions._visible_inspection(user, inspection_id)
                continue
            found = permissions._visible_inspection(user, inspection_id)
            assert (found.pk, found.title, found.kind) == (
                expected.pk,
                expected.title,
                expected.kind,
            )
            assert found.ratings_locked is expected.ratings_locked
            assert found.fieldwork_start == expected.fieldwork_start
            assert found.service == expected.service
            assert found.service.name == expected.service.name  # read with it, no query
            expected_role = TeamMember.objects.filter(inspection=expected, user=user).first()
            known = found.__dict__["_team_roles"][user.pk]
            assert known == (expected_role.role if expected_role else None)
            assert permissions.team_role(user, found) == permissions.team_role(user, expected)


def test_a_stand_in_is_replaced_wherever_the_query_uses_it(
    inspections: list[int], people: dict[str, User]
) -> None:
    stand_in = -9_000_000_001
    query = sql.Prepared(
        TeamMember.objects.filter(user_id=stand_in).select_related("user").order_by("pk"),
        {"user": stand_in},
    )
    found = query.first(user=people["inspector"].pk)
    assert found is not None and found.user == people["inspector"]
    assert found.user.username == "inspector"
    assert query.first(user=people["board"].pk) is None
