"""The yjinspect workspace: a Django web application beside the core. It stores inspections and
their judgements and calls the core (``yjinspect``) for every rule."""
