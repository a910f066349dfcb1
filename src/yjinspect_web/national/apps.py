from django.apps import AppConfig
from django.db.models.signals import post_save


class NationalConfig(AppConfig):
    name = "yjinspect_web.national"
    label = "national"
    verbose_name = "National view"

    def ready(self) -> None:
        from yjinspect_web.national.record import on_inspection_saved
        from yjinspect_web.workspace.models import Inspection

        post_save.connect(on_inspection_saved, sender=Inspection, dispatch_uid="national-record")
