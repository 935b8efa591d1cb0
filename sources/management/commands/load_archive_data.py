from django.core.management.base import BaseCommand

from sources.actions import load_archive_data


class Command(BaseCommand):
    help = (
        "Load the archive's own organisations, documents, figures and list shells "
        "(safe to rerun)."
    )

    def handle(self, *args, **options) -> None:
        report = load_archive_data()
        self.stdout.write(
            f"{report.organisations} organisations, {report.sources} sources, "
            f"{report.figures} figures ({report.figures_created} new), "
            f"{report.lists} victim lists."
        )
