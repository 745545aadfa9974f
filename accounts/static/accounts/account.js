// The reader page's account slot, by script: the page is the same bytes for
// everyone, so "Sign in" / "Create account" (or "Your account") are added
// here from the newsline:me event that live.js fires.

// Django's JavaScript catalogue, loaded before this module (docs/i18n.md); English without it.
const gettext = window.gettext || ((text) => text);

function here() {
  return encodeURIComponent(window.location.pathname + window.location.search);
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function fill(me) {
  const slot = document.querySelector("[data-account]");
  if (!slot) return;
  if (!me || !me.authenticated) {
    slot.replaceChildren(
      link(`/accounts/login/?next=${here()}`, gettext("Sign in")),
      " · ",
      link(`/accounts/signup/?next=${here()}`, gettext("Create account")),
    );
  } else if (!slot.querySelector("[data-account-link]")) {
    // live.js has written "Signed in as …" (and the desk link for staff).
    const account = link("/accounts/profile/", gettext("Your account"));
    account.dataset.accountLink = "";
    slot.append(" · ", account);
  }
  slot.hidden = false;
}

document.addEventListener("newsline:me", (event) => {
  // After live.js has filled the slot in the same turn.
  setTimeout(() => fill(event.detail), 0);
});
if (window.newslineMe) fill(window.newslineMe);
