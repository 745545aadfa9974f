"""The newsroom desk's pages, one module for each thing a journalist does:
blogs (run a live blog: home, details, open and close, its desk page, team,
audit), posts (correct, pin, delete, restore, history), drafts (write, submit,
schedule, approve), media (pictures), previews (see it as readers will),
staff (accounts). `common` holds desk_view, forbidden and NOT_ON_TEAM, which
other apps' desk pages use too.

Every view parses input, checks liveblogs.access, calls one action from
liveblogs.actions and renders or redirects. Writes are POST only (with
Django's CSRF check); an ActionError is shown to the user, never a 500."""
