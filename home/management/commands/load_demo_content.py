from django.core.management.base import BaseCommand

from home.demo import (
    DEMO_ADMIN_EMAIL,
    DEMO_ADMIN_PASSWORD,
    DEMO_SCREENER_EMAIL,
    DEMO_SCREENER_PASSWORD,
    DEMO_SUBMITTER_EMAIL,
    DEMO_SUBMITTER_PASSWORD,
    DemoBuilder,
)
from home.demo_contests import (
    DEMO_COMMITTEE_EMAIL,
    DEMO_COMMITTEE_PASSWORD,
    DEMO_ENTRANT_EMAIL,
    DEMO_ENTRANT_PASSWORD,
    DEMO_ORGANISER_EMAIL,
    DEMO_ORGANISER_PASSWORD,
    DEMO_UNIT_REVIEWER_EMAIL,
    DEMO_UNIT_REVIEWER_PASSWORD,
)
from home.demo_problems import DEMO_AGENCY_EMAIL, DEMO_AGENCY_PASSWORD
from home.demo_selection import DEMO_JUROR_PASSWORD, DEMO_JURORS


class Command(BaseCommand):
    help = "Build the demo site (Vietnamese and English). Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        report = DemoBuilder(log=self.stdout.write).build()
        if report.created:
            for what, number in sorted(report.created.items()):
                self.stdout.write(f"  created {number} × {what}")
        else:
            self.stdout.write("  the demo content was already there; nothing created")
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  e-mail {DEMO_ADMIN_EMAIL}  password {DEMO_ADMIN_PASSWORD}"
        )
        self.stdout.write(
            f"Screener (no superuser rights; same admin address): e-mail {DEMO_SCREENER_EMAIL}  "
            f"password {DEMO_SCREENER_PASSWORD}"
        )
        self.stdout.write(
            f"Submitter: http://127.0.0.1:8000/vi/my/initiatives/  e-mail {DEMO_SUBMITTER_EMAIL}  "
            f"password {DEMO_SUBMITTER_PASSWORD}"
        )
        self.stdout.write(
            f"Agency (posts problems at http://127.0.0.1:8000/vi/my/problems/new/): "
            f"e-mail {DEMO_AGENCY_EMAIL}  password {DEMO_AGENCY_PASSWORD}"
        )
        for email, _name, chair in DEMO_JURORS:
            role = "Jury chair" if chair else "Juror"
            self.stdout.write(
                f"{role} (scores at http://127.0.0.1:8000/admin/evaluation/reviews/): e-mail {email}  "
                f"password {DEMO_JUROR_PASSWORD}"
            )
        self.stdout.write(
            f"Contest organiser (runs the contests at http://127.0.0.1:8000/admin/contests/): "
            f"e-mail {DEMO_ORGANISER_EMAIL}  password {DEMO_ORGANISER_PASSWORD}"
        )
        self.stdout.write(
            f"Unit reviewer (pre-screens a unit's entries from http://127.0.0.1:8000/vi/my/contests/): "
            f"e-mail {DEMO_UNIT_REVIEWER_EMAIL}  password {DEMO_UNIT_REVIEWER_PASSWORD}"
        )
        self.stdout.write(
            f"Contest committee member (scores at http://127.0.0.1:8000/admin/evaluation/reviews/): "
            f"e-mail {DEMO_COMMITTEE_EMAIL}  password {DEMO_COMMITTEE_PASSWORD}"
        )
        self.stdout.write(
            f"Contest entrant (a first prize and its certificate at http://127.0.0.1:8000/vi/my/contests/): "
            f"e-mail {DEMO_ENTRANT_EMAIL}  password {DEMO_ENTRANT_PASSWORD}"
        )
