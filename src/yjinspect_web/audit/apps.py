from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yjinspect_web.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from yjinspect_web.audit import tracking

        tracking.connect()
