from django.urls import path

import newsline.lib.converters  # noqa: F401  (registers uslug: blog slugs in any script)
from community.views import moderation, notifications, people, questions, reader

app_name = "community"

urlpatterns = [
    path("live/<uslug:slug>/comments/", reader.page, name="page"),
    path("live/<uslug:slug>/comments/thread", reader.thread, name="thread"),
    path("live/<uslug:slug>/comments/mine", reader.mine, name="mine"),
    path("live/<uslug:slug>/comments/updates", reader.updates, name="updates"),
    path("live/<uslug:slug>/comments/key-events", reader.key_events, name="key_events"),
    path("live/<uslug:slug>/ask/", questions.ask, name="ask"),
    path("live/<uslug:slug>/ask/form", questions.ask_form, name="ask_form"),
    path("live/<uslug:slug>/ask/thanks/", questions.ask_thanks, name="ask_thanks"),
    path("desk/blogs/<uslug:slug>/questions/", questions.inbox, name="questions_inbox"),
    path("desk/blogs/<uslug:slug>/questions/<int:pk>/answer/", questions.question_answer, name="question_answer"),
    path("desk/blogs/<uslug:slug>/questions/<int:pk>/answered/", questions.question_answered, name="question_answered"),
    path("desk/blogs/<uslug:slug>/questions/<int:pk>/dismiss/", questions.question_dismiss, name="question_dismiss"),
    path("comments/counts", reader.counts, name="counts"),
    path("comments/<int:pk>/like", reader.like, name="like"),
    path("comments/<int:pk>/edit", reader.edit, name="edit"),
    path("comments/<int:pk>/delete", reader.delete, name="delete"),
    path("comments/<int:pk>/report", reader.report, name="report"),
    path("people/<str:handle>/", people.profile, name="profile"),
    path("people/<str:handle>/relation", people.relation, name="relation"),
    path("community/feed/", people.feed, name="feed"),
    path("community/notifications/", notifications.inbox, name="notifications"),
    path("community/notifications/read", notifications.mark_read, name="mark_read"),
    path("community/notifications/unread", notifications.unread, name="unread"),
    path("community/notifications/email/", notifications.preferences, name="preferences"),
    path("community/unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("community/moderate/", moderation.queue, name="queue"),
    path("community/moderate/comments/<int:pk>", moderation.act, name="moderate"),
    path("community/moderate/bulk", moderation.bulk, name="moderate_bulk"),
    path("community/moderate/people/<int:user_id>/", moderation.person, name="moderate_person"),
    path("community/moderate/blogs/<uslug:slug>/", moderation.thread_options, name="thread_options"),
]
