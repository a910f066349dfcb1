"""The improvement loop's pages, under /improvement/."""

from django.urls import path, re_path

from yjinspect_web.improvement import board, views

urlpatterns = [
    path("improvement/", views.plan_list, name="plans"),
    path("improvement/plans/new", views.plan_new, name="plan_new"),
    path("improvement/plans/<int:plan_id>", views.plan_detail, name="plan_detail"),
    path("improvement/plans/<int:plan_id>/edit", views.plan_edit, name="plan_edit"),
    path("improvement/plans/<int:plan_id>/state", views.plan_state, name="plan_state"),
    path("improvement/plans/<int:plan_id>/history", views.plan_history, name="plan_history"),
    path("improvement/plans/<int:plan_id>/actions/new", views.action_new, name="action_new"),
    re_path(
        r"^improvement/plans/(?P<plan_id>[0-9]+)/export\.(?P<kind>csv|xlsx|pdf)$",
        views.plan_export,
        name="plan_export",
    ),
    path("improvement/actions/<int:action_id>", views.action_detail, name="action_detail"),
    path("improvement/actions/<int:action_id>/edit", views.action_edit, name="action_edit"),
    path("improvement/actions/<int:action_id>/update", views.action_update, name="action_update"),
    path(
        "improvement/raise/<int:inspection_id>",
        views.raise_from_inspection,
        name="raise_action",
    ),
    path("improvement/plans/<int:plan_id>/board", board.board, name="board"),
    path("improvement/plans/<int:plan_id>/board/new", board.meeting_new, name="meeting_new"),
    re_path(
        r"^improvement/plans/(?P<plan_id>[0-9]+)/board/(?P<meeting_id>[0-9]+)/pack\.(?P<kind>html|pdf)$",
        board.meeting_pack,
        name="meeting_pack",
    ),
    re_path(
        r"^improvement/plans/(?P<plan_id>[0-9]+)/scrutiny\.(?P<kind>html|pdf)$",
        board.scrutiny,
        name="scrutiny",
    ),
    path("improvement/plans/<int:plan_id>/budget", board.budget_import, name="budget_import"),
]
