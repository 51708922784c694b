from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "daihoi.congresses"
    verbose_name = "Congresses"

    def ready(self) -> None:
        # The hall sits above the elections: it tells them who is present (elections/hall.py).
        from daihoi.congresses.selectors import voting_present
        from daihoi.elections.hall import register_present_counter

        register_present_counter(voting_present)
