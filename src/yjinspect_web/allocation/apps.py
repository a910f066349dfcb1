from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "yjinspect_web.allocation"
    label = "allocation"
    verbose_name = "Allocation and queues"
