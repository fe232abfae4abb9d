"""Gunicorn's settings for production, read by scripts/serve.sh (`gunicorn --config deploy/gunicorn.conf.py`).

Every value can be changed through the environment named beside it; the defaults suit one machine behind
nginx (deploy/nginx.conf), which buffers requests and answers, so that slow phones never hold a worker.
"""

import multiprocessing
import os

wsgi_app = "expo.wsgi:application"
bind = f"{os.environ.get('BIND', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Synchronous workers: each answers one request at a time, and a page spends most of its time in Python
# rather than waiting, so more workers than 2 × CPUs + 1 only queue for the CPUs (gunicorn's own advice).
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count() + 1)))
# The site is loaded once, before the workers are forked: they start at once and share its memory. New code
# therefore needs a restart (systemctl restart expo-web), not a reload.
preload_app = True
# A request still running after this long is stopped and its worker replaced. Sixty seconds leave room for
# the largest submission (160 MB of files checked one by one) that nginx has already received in full.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On a restart, requests under way get this long to finish.
graceful_timeout = 30
# nginx keeps its connections to gunicorn open between requests for a few seconds at most.
keepalive = 5
# Each worker is replaced after about a thousand requests, at staggered counts so that they are not all
# replaced at once: whatever memory a worker gathers (caches, fragmentation) is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10

# No control socket: systemd starts and stops the server, and its default path ($HOME/.gunicorn) would be
# shared by two servers on one machine.
control_socket_disable = True

# One line per request on standard output, read by journald under systemd; errors on standard error.
accesslog = "-"
errorlog = "-"
# The client's address as nginx passes it, the time taken in microseconds.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s"'
# The proxy sets X-Forwarded-Proto; gunicorn trusts it from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
