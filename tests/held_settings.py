"""Settings for a test server that can hold a Django request open
(`tests/held_urls.py`): the site's own settings and URLs, plus /held/.

SIGUSR1 makes a server process print every thread's stack to its log, so a
test can show where a process that will not exit is waiting."""

import faulthandler
import signal

from newsline.settings import *  # noqa: F403

ROOT_URLCONF = "tests.held_urls"

faulthandler.register(signal.SIGUSR1, all_threads=True)
