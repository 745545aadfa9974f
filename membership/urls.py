from django.urls import path

from membership.views import account, reader, reports, testmode, webhook

app_name = "membership"

urlpatterns = [
    path("support/", reader.support, name="support"),
    path("support/appeal.json", reader.appeal_json, name="appeal_json"),
    path("saved/", reader.saved, name="saved"),
    path("membership/", account.account, name="account"),
    path("membership/join/", reader.join, name="join"),
    path("membership/thanks/", reader.checkout_done, name="checkout_done"),
    path("membership/bookmarks/", reader.bookmark, name="bookmark"),
    path("membership/portal/", account.portal, name="portal"),
    path("membership/reminder/cancel/", account.cancel_reminder, name="cancel_reminder"),
    path("membership/stripe/webhook/", webhook.stripe_webhook, name="stripe_webhook"),
    path("membership/test-mode/checkout/<str:session_id>/", testmode.checkout, name="testmode_checkout"),
    path("membership/test-mode/portal/", testmode.portal, name="testmode_portal"),
    path("membership/reports/", reports.reports, name="reports"),
    path("membership/reports/payments.csv", reports.payments_csv, name="payments_csv"),
]
