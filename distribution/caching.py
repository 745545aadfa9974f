"""Cache headers for what machines fetch: feeds, sitemaps, robots.txt.

These answers are the same for everyone, like the reader pages, but feed
readers and crawlers poll them, so a minute in a shared cache costs a reader
little and saves the database a lot."""

FEED_MAX_AGE = 60
ROBOTS_MAX_AGE = 3600


def shared_cache(response, max_age: int = FEED_MAX_AGE):
    response["Cache-Control"] = f"public, max-age={max_age}"
    response.is_public = True  # accounts.middleware then sets no cookie
    return response
