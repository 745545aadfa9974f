"""The desk's own sign-in page. /desk/login/ is answered by
accounts.views.personal.staff_sign_in (newsline/urls.py lists it first), so
this view is reached by no address today; the name desk:login is
settings.LOGIN_URL."""

from django.contrib.auth.views import LoginView
from django.utils.translation import gettext_lazy as _

from newsline.lib.ratelimit import is_limited, over_limit

SIGN_IN_FAILURES_ALLOWED = 10
SIGN_IN_WINDOW_SECONDS = 15 * 60


class SignInView(LoginView):
    """Staff sign-in with a limit on failed attempts per address, so a
    password cannot be guessed at speed."""

    template_name = "liveblogs/desk/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        who = request.META.get("REMOTE_ADDR", "unknown")
        if is_limited("sign-in", who, limit=SIGN_IN_FAILURES_ALLOWED):
            # An unbound form: the password is not even checked.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            message = _("Too many failed sign-in attempts from here. Try again in 15 minutes.")
            return self.render_to_response(self.get_context_data(form=form, rate_limited=message), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        who = self.request.META.get("REMOTE_ADDR", "unknown")
        over_limit("sign-in", who, limit=SIGN_IN_FAILURES_ALLOWED, per_seconds=SIGN_IN_WINDOW_SECONDS)
        return super().form_invalid(form)
