"""What happens to a problem, announced to the parts of the bank that act on it.

`problem_published(sender=ProblemPage, page, first_time)` is sent once a screener publishes a problem
(or an update of it), `problem_status_changed(sender=ProblemPage, page, old_status, new_status, user)`
when its authors change its status or close it. Followers and the localities that face the problem
too hear of both by e-mail (see `notifications`).
"""

from django.dispatch import Signal

problem_published = Signal()
problem_status_changed = Signal()
