"""Questions to the newsroom ("Ask the newsroom").

Reader side: the blog page carries the same bytes for everyone (a heading and
a link to `ask`); for a signed-in reader the script loads `ask_form` (private)
and sends the form with fetch. Without JavaScript, `ask` is a plain page that
posts to itself and answers with the thank-you page.

Desk side: the inbox beside the composer on the blog's desk page
(`desk_panel`, listed in settings.DESK_BLOG_PANELS so liveblogs need not know
this app), the same list as a fragment for the desk's script (`inbox`),
dismiss, mark answered, and the answer page: the desk's compose form,
prefilled with the question as a quote, published through liveblogs' own
publish action."""

from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from community import access, actions, limits, pipeline, spam
from community.forms import QuestionForm
from community.models import Question
from community.views.common import json_error, private, sign_in_url, speak_blog_language, wants_json
from liveblogs.models import LiveBlog

INBOX_SIZE = 50
MINE_SHOWN = 5  # a reader's own latest questions, under the form


def _mine(request, blog) -> list:
    if not request.user.is_authenticated:
        return []
    return list(Question.objects.filter(blog=blog, author=request.user).exclude(status=Question.Status.REJECTED)
                .order_by("-created_at", "-id")[:MINE_SHOWN])


def _blog(slug) -> LiveBlog:
    blog = get_object_or_404(LiveBlog.objects.public(), slug=slug)
    speak_blog_language(blog)  # the reader's side of questions is part of the blog's page
    return blog


def _why_not(request, blog) -> str:
    """Why this person cannot ask now, or "" if they can."""
    user = request.user
    if not user.is_authenticated:
        return gettext("Sign in to ask the newsroom a question.")
    if not access.can_ask(user):
        return gettext("Verify your email address to ask a question: follow the link we sent you.")
    if blog.status != LiveBlog.Status.LIVE:
        return gettext("The newsroom takes questions while the live blog is running.")
    # The pipeline's own ban and suspension checks, told up front.
    ctx = pipeline.Context(user=user, thread=None, source="", html="", standing=actions.standing_of(user))
    try:
        pipeline.run(ctx, ["banned_user", "suspended_user"])
    except pipeline.Refused as exc:
        return str(exc)
    return ""


def _ask_context(request, blog, form, error="") -> dict:
    return {"blog": blog, "form": form, "error": error, "why_not": _why_not(request, blog),
            "sign_in_url": sign_in_url(reverse("community:ask", args=[blog.slug])), "mine": _mine(request, blog),
            "name": request.user.byline if request.user.is_authenticated else ""}


@never_cache
def ask(request, slug):
    """The question form without JavaScript (GET), and where every form
    posts (POST): JSON for the script, the thank-you page otherwise."""
    blog = _blog(slug)
    if request.method == "POST":
        return _ask_post(request, blog)
    if request.method not in ("GET", "HEAD"):
        return json_error(gettext("Method not allowed."), 405)
    return private(render(request, "community/ask.html", _ask_context(request, blog, QuestionForm())))


def _ask_post(request, blog):
    user = request.user
    form = QuestionForm(request.POST)

    def fail(message, status=400):
        if wants_json(request):
            return json_error(message, status)
        context = _ask_context(request, blog, form, error=message)
        return private(render(request, "community/ask.html", context, status=status))

    if why_not := _why_not(request, blog):
        return fail(why_not, 403)
    if not form.is_valid():
        return fail(" ".join(m for errors in form.errors.values() for m in errors))
    if message := limits.limited("question", user, request):
        return fail(message, 429)
    try:
        question = actions.ask_question(
            blog=blog, by=user, body=form.cleaned_data["body"], show_name=form.cleaned_data["show_name"],
            client=spam.client_of(request),
        )
    except actions.CommentError as exc:
        return fail(str(exc))
    if question.status == Question.Status.REJECTED:
        return fail(gettext("Your question was not sent. %(reason)s") % {"reason": question.rejection_reason})
    thanks = gettext("Thank you: your question is with the newsroom. If they answer it in the live blog, "
                     "we will let you know.")
    if wants_json(request):
        return private(JsonResponse({"ok": True, "message": thanks}))
    return redirect("community:ask_thanks", blog.slug)


@require_safe
@never_cache
def ask_thanks(request, slug):
    blog = _blog(slug)
    return private(render(request, "community/ask_thanks.html", {"blog": blog}))


@require_safe
@never_cache
def ask_form(request, slug):
    """Private: the question form (with its CSRF token) for the blog page's
    script, or why this reader cannot ask."""
    blog = _blog(slug)
    why_not = _why_not(request, blog)
    data = {"authenticated": request.user.is_authenticated, "notice": why_not, "form": None,
            "mine": render_to_string("community/_ask_mine.html", {"blog": blog, "mine": _mine(request, blog)})}
    if not why_not:
        data["form"] = render_to_string("community/_ask_form.html", {
            "blog": blog, "form": QuestionForm(), "csrf_token": get_token(request), "name": request.user.byline,
            "scripted": True,
        })
    return private(JsonResponse(data))


# The desk ---------------------------------------------------------------------


def _inbox_context(request, blog) -> dict:
    questions = list(
        Question.objects.waiting().filter(blog=blog).select_related("author")
        .order_by("-created_at", "-id")[:INBOX_SIZE]
    )
    return {
        "blog": blog,
        "questions": questions,
        "counts": actions.question_counts(blog),
        "can_handle": access.can_handle_questions(request.user, blog),
        "can_answer": access.can_handle_questions(request.user, blog) and not blog.is_ended,
        "inbox_size": INBOX_SIZE,
    }


def desk_panel(request, blog):
    """The inbox on the blog's desk page (settings.DESK_BLOG_PANELS), with a
    shortcut to it on phones while questions wait."""
    from liveblogs.panels import DeskPanel

    if not access.can_see_questions(request.user, blog):
        return None
    context = _inbox_context(request, blog)
    waiting = context["counts"]["new"]
    return DeskPanel(
        html=mark_safe(render_to_string("community/desk/_questions.html", context, request=request)),
        jump_label=ngettext("Question (%(n)s)", "Questions (%(n)s)", waiting) % {"n": waiting} if waiting else "",
        jump_to="questions-title",
    )


def _desk(view):
    from liveblogs.views.desk.common import desk_view

    return desk_view(view)


def _desk_blog(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    return blog, access.can_see_questions(request.user, blog)


def _forbidden(request, reason):
    from liveblogs.views.desk.common import forbidden as desk_forbidden

    return desk_forbidden(request, reason)


@_desk
@require_safe
@never_cache
def inbox(request, slug):
    """The inbox's list as a fragment, for the desk's script to refresh."""
    blog, allowed = _desk_blog(request, slug)
    if not allowed:
        return _forbidden(request, gettext("You are not on this live blog's team."))
    context = _inbox_context(request, blog)
    return private(render(request, "community/desk/_questions_list.html", context))


def _get_question(blog, pk) -> Question:
    return get_object_or_404(Question.objects.select_related("blog", "author"), pk=pk, blog=blog)


def _handled(request, blog, message: str, *, error: bool = False, status: int = 200):
    if wants_json(request):
        if error:
            return json_error(message, status)
        return private(JsonResponse({"ok": True, "message": message}))
    (messages.error if error else messages.success)(request, message)
    return redirect(reverse("desk:blog", args=[blog.slug]) + "#questions-title")


def _handle(request, slug, pk, act, done: str):
    blog, allowed = _desk_blog(request, slug)
    question = _get_question(blog, pk)
    if not allowed or not access.can_handle_questions(request.user, blog):
        return _forbidden(request, gettext("Only those who may publish to this live blog can handle its questions."))
    try:
        act(question=question, by=request.user)
    except actions.CommentError as exc:
        return _handled(request, blog, str(exc), error=True, status=409)
    return _handled(request, blog, done)


@_desk
@require_POST
def question_dismiss(request, slug, pk):
    return _handle(request, slug, pk, actions.dismiss_question, gettext("Question dismissed."))


@_desk
@require_POST
def question_answered(request, slug, pk):
    return _handle(request, slug, pk, actions.mark_question_answered, gettext("Question marked answered."))


@_desk
def question_answer(request, slug, pk):
    """The desk's compose form, prefilled with the question as a quote;
    publishing it answers the question and notifies the reader."""
    from django.conf import settings

    from liveblogs import access as desk_access
    from liveblogs.forms import PostForm
    from liveblogs.models import Post

    blog, allowed = _desk_blog(request, slug)
    question = _get_question(blog, pk)
    if not allowed:
        return _forbidden(request, gettext("You are not on this live blog's team."))
    if not access.can_handle_questions(request.user, blog):
        return _forbidden(request, gettext("Only those who may publish to this live blog can answer its questions."))
    if question.status != Question.Status.NEW:
        if question.answer_post_id:
            messages.success(request, gettext("This question is answered: here is the answer."), extra_tags="published")
            return redirect(reverse("desk:blog", args=[blog.slug]) + f"#post-{question.answer_post_id}")
        messages.error(request, gettext("This question has already been handled."))
        return redirect(reverse("desk:blog", args=[blog.slug]) + "#questions-title")
    new_post = Post(blog=blog, created_by=request.user)
    form = PostForm(
        request.POST if request.method == "POST" else None,
        initial={"body": actions.answer_quote(question)},
        can_pin=desk_access.can_pin(request.user, new_post),
        can_mark_key_event=desk_access.can_mark_key_event(request.user, new_post),
        blog_id=blog.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = actions.answer_question(
                question=question, by=request.user, content=form.content(),
                is_key_event=form.flag("is_key_event"), is_pinned=form.flag("is_pinned"),
                authors=list(form.cleaned_data.get("authors") or []) or None,
                form_key=form.cleaned_data.get("form_key", ""),
            )
        except actions.CommentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Published. The reader who asked will be notified."),
                             extra_tags="published")
            return redirect(reverse("desk:blog", args=[blog.slug]) + f"#post-{post.pk}")
    context = {
        "blog": blog, "question": question, "form": form, "can_publish": True,
        "max_body_chars": settings.LIVEBLOG_MAX_BODY_CHARS,
    }
    return private(render(request, "community/desk/question_answer.html", context, status=400 if form.errors else 200))
