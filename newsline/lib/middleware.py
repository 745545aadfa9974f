"""The base of our middlewares: sync and async capable, as every middleware
in settings.MIDDLEWARE must be. Under ASGI Django then builds the chain async
from the server down to the view, with no async_to_sync hop: a request thread
caught in such a hop when the server stopped its event loop waited for ever
(docs/operations.md, "Stopping with requests in flight";
newsline/tests/test_middleware_chain.py fails for a sync-only one).

A subclass writes `__call__` for the sync path (WSGI, Django's test client)
and `__acall__` for the async one, with its session and database work in
`sync_to_async` there (as accounts/middleware.py does)."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction


class SyncAndAsyncMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        return self.handle(request)

    def handle(self, request):
        raise NotImplementedError

    async def __acall__(self, request):
        raise NotImplementedError
