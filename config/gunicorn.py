"""gunicorn's settings wherever Nomina is served: the Dockerfile, docker-compose and the
load benchmark run `gunicorn --config config/gunicorn.py config.wsgi:application`.

Threaded workers (gthread): a thread waiting on PostgreSQL leaves the process to another,
and a client's connection stays open between its requests (keep-alive), where a sync
worker serves one request per connection and sits idle through every query. On the 2
cores of our machines, 2 processes of 4 threads served a bare signed-in page about twice
as fast as 4 sync workers (bench/results/). GUNICORN_WORKERS and GUNICORN_THREADS change
them; the command line overrides any of them.
"""

import os

workers = int(os.environ.get("GUNICORN_WORKERS", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than the proxy's idle upstream connections, shorter than a slow client's patience.
keepalive = 5
