"""A fictional kind of what happened, registered as any app registers one: the
proof that a kind is added without editing a file outside its app (the test
settings install it; tests/disappearances/test_a_new_kind.py)."""

from django.apps import AppConfig


class DisappearancesConfig(AppConfig):
    name = "tests.disappearances"
    label = "disappearances"

    def ready(self) -> None:
        from victims import happenings

        from .api import DisappearanceViewSet
        from .api import disappearance_sections
        from .models import Disappearance

        happenings.register(
            happenings.Kind(
                value="disappeared",
                label="Disappeared",
                model=Disappearance,
                resource="disappearances",
                viewset=DisappearanceViewSet,
                person_field="disappearances",
                section="disappearances/_section.html",
                joined=("place",),
                statistics=disappearance_sections,
                erased={"account": "", "last_seen_by": ""},
                from_submission=lambda person, submission: Disappearance.objects.create(
                    person=person, occurred_on=submission.happened_on
                ),
            )
        )
