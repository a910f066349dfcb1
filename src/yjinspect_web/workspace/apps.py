from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "yjinspect_web.workspace"
    label = "workspace"
    verbose_name = "Inspection workspace"
