"""The moderators' queues and the actions on comments, readers and threads."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from community import access, actions
from community.forms import RejectForm
from community.models import Comment, Report, Standing, StandingChange, Thread
from community.views.common import json_error, private, wants_json
from liveblogs.models import LiveBlog

User = get_user_model()
QUEUES = ["pending", "reported", "rejected", "featured"]
QUEUE_LABELS = {
    "pending": _("Pending"),
    "reported": _("Reported"),
    "rejected": _("Rejected"),
    "featured": _("Featured"),
}


def _gate(request, check=access.can_moderate):
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not check(request.user):
        raise PermissionDenied


@require_safe
@never_cache
def queue(request):
    _gate(request)
    name = request.GET.get("queue", "pending")
    if name not in QUEUES:
        name = "pending"
    comments = Comment.objects.for_cards().annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at=None))
    )
    if name == "pending":
        comments = comments.filter(status=Comment.Status.PENDING).order_by("created_at")
    elif name == "reported":
        comments = comments.filter(status=Comment.Status.PUBLISHED, open_reports__gt=0).order_by(
            "-open_reports", "created_at"
        )
    elif name == "rejected":
        comments = comments.filter(status=Comment.Status.REJECTED).order_by("-moderated_at", "-created_at")
    else:
        comments = comments.filter(is_featured=True, status=Comment.Status.PUBLISHED).order_by("-moderated_at")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        comments = comments.filter(
            Q(body__icontains=q) | Q(author__username__icontains=q) | Q(author__display_name__icontains=q)
        )
    comments = list(comments[:100])
    reports = {}
    for r in Report.objects.filter(comment__in=comments, resolved_at=None).select_related("reporter"):
        reports.setdefault(r.comment_id, []).append(r)
    for c in comments:
        c.open_report_list = reports.get(c.pk, [])
    counts = {
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
        "reported": Comment.objects.filter(
            status=Comment.Status.PUBLISHED, pk__in=Report.objects.filter(resolved_at=None).values("comment_id")
        ).count(),
    }
    return private(render(request, "community/moderate/queue.html", {
        "queue": name, "queues": [(n, QUEUE_LABELS[n]) for n in QUEUES], "comments": comments, "q": q, "counts": counts,
        "reasons": RejectForm.REASONS, "can_promote": access.can_promote(request.user),
        "threads": _threads(),
    }))


def _threads():
    """A thread row for every live blog (unsaved for blogs nobody commented on yet)."""
    blogs = list(LiveBlog.objects.live().order_by("-last_activity_at")[:30])
    found = {t.blog_id: t for t in Thread.objects.filter(blog__in=blogs)}
    rows = []
    for blog in blogs:
        thread = found.get(blog.pk) or Thread(blog=blog)
        thread.blog = blog
        rows.append(thread)
    return rows


@require_POST
def bulk(request):
    """Approve or reject (with one reason) the selected comments."""
    _gate(request)
    from django.contrib import messages

    action = request.POST.get("action", "")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:100]
    reason = request.POST.get("reason", "")
    if action not in ("approve", "reject") or not ids:
        messages.error(request, gettext("Select comments, then approve or reject them."))
        return redirect(_safe_next(request))
    done, failed = 0, []
    for comment in Comment.objects.filter(pk__in=ids).select_related("blog", "author"):
        try:
            if action == "approve":
                actions.approve_comment(comment=comment, by=request.user)
            else:
                actions.reject_comment(comment=comment, by=request.user, reason=reason)
            done += 1
        except actions.CommentError as exc:
            failed.append(f"{comment.pk}: {exc}")
    if action == "approve":
        summary = ngettext("Approved %(count)d comment.", "Approved %(count)d comments.", done)
    else:
        summary = ngettext("Rejected %(count)d comment.", "Rejected %(count)d comments.", done)
    messages.info(request, summary % {"count": done})
    if failed:
        messages.error(request, " ".join(failed))
    return redirect(_safe_next(request))


@require_POST
def act(request, pk):
    """approve / reject (with a reason) / feature / unfeature / promote."""
    comment = get_object_or_404(Comment.objects.select_related("blog", "author"), pk=pk)
    action = request.POST.get("action", "")
    _gate(request, access.can_promote if action == "promote" else access.can_moderate)
    try:
        if action == "approve":
            actions.approve_comment(comment=comment, by=request.user)
            done = gettext("Approved.")
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise actions.CommentError(gettext("Give the reason the author will be told."))
            actions.reject_comment(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
            done = gettext("Rejected; the author is told why.")
        elif action in ("feature", "unfeature"):
            actions.feature_comment(comment=comment, by=request.user, featured=action == "feature")
            done = gettext("Featured.") if action == "feature" else gettext("No longer featured.")
        elif action == "promote":
            actions.promote_comment(comment=comment, by=request.user)
            done = gettext("Quoted in the live blog.")
        else:
            raise actions.CommentError(gettext("Unknown action."))
    except actions.CommentError as exc:
        if wants_json(request):
            return json_error(str(exc))
        from django.contrib import messages

        messages.error(request, str(exc))
        return redirect(request.POST.get("next") or "community:queue")
    if wants_json(request):
        return private(JsonResponse({"ok": True, "message": done, "status": Comment.objects.get(pk=pk).status}))
    from django.contrib import messages

    messages.info(request, done)
    return redirect(_safe_next(request))


def _safe_next(request):
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return "/community/moderate/"


@never_cache
def person(request, user_id):
    """A reader's history, standing and notes; POST: suspend / lift / ban /
    unban / premoderate / note."""
    _gate(request)
    person = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        reason = request.POST.get("reason", "")
        from django.contrib import messages

        try:
            if action == "suspend":
                days = request.POST.get("days", "")
                if not days.isdigit() or not 0 < int(days) <= 365:
                    raise actions.CommentError(gettext("Suspend for 1 to 365 days."))
                actions.suspend_reader(
                    user=person, by=request.user, until=timezone.now() + timedelta(days=int(days)), reason=reason
                )
            elif action == "lift":
                actions.lift_suspension(user=person, by=request.user)
            elif action == "ban":
                actions.ban_reader(user=person, by=request.user, reason=reason)
            elif action == "unban":
                actions.unban_reader(user=person, by=request.user)
            elif action in ("premoderate", "trust"):
                actions.set_reader_premoderation(user=person, by=request.user, on=action == "premoderate")
            elif action == "note":
                standing = Standing.objects.filter(user=person).first()
                actions.set_reader_premoderation(user=person, by=request.user,
                                                 on=bool(standing and standing.always_premoderate),
                                                 note=request.POST.get("note", ""))
            else:
                raise actions.CommentError(gettext("Unknown action."))
            messages.info(request, gettext("Saved."))
        except actions.CommentError as exc:
            messages.error(request, str(exc))
        return redirect("community:moderate_person", person.pk)
    history = list(Comment.objects.filter(author=person).for_cards().order_by("-created_at")[:100])
    return private(render(request, "community/moderate/person.html", {
        "person": person, "standing": Standing.objects.filter(user=person).first(), "history": history,
        "rejected": sum(1 for c in history if c.status == Comment.Status.REJECTED),
        "standing_changes": StandingChange.objects.filter(user=person).select_related("actor")
        .order_by("-created_at", "-id")[:50],
    }))


@require_POST
def thread_options(request, slug):
    _gate(request)
    blog = get_object_or_404(LiveBlog.objects.public(), slug=slug)
    actions.set_thread_options(blog=blog, by=request.user, closed=request.POST.get("closed") == "1",
                               premoderate=request.POST.get("premoderate") == "1")
    from django.contrib import messages

    messages.info(request, gettext("Thread settings saved."))
    return redirect(_safe_next(request))
