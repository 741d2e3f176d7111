"""gunicorn's settings wherever Nomina is served: the Dockerfile, docker-compose and the
load benchmark run `gunicorn --config config/gunicorn.py config.wsgi:application`.

Threaded workers (gthread): a thread waiting on PostgreSQL leaves the process to another,
and a client's connection stays open between its requests (keep-alive), where a sync
worker serves one request per connection and sits idle through every query. On the 2
cores of our machines, 2 processes of 4 threads served a bare signed-in page about twice
as fast as 4 sync workers (bench/results/). GUNICORN_WORKERS and GUNICORN_THREADS change
them; the command line overrides any of them.
"""

import gc
import itertools
import os

workers = int(os.environ.get("GUNICORN_WORKERS", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than the proxy's idle upstream connections, shorter than a slow client's patience.
keepalive = 5

# Garbage collection. A full collection walks every object the process tracks and holds
# the GIL while it does, so every thread of the worker waits: with Django, DRF and the
# templates loaded, about 90 ms, the slowest request of a minute under load. What is
# loaded at start, and what the first requests build and keep (templates, URL resolvers,
# catalogues), lives as long as the process: frozen, a full collection skips it and takes
# 5-10 ms (bench/results/README.md).
WARM_REQUESTS = int(os.environ.get("GUNICORN_GC_WARM_REQUESTS", "200"))
_served = itertools.count(1)


def post_worker_init(worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if next(_served) == WARM_REQUESTS:
        gc.collect()
        gc.freeze()
