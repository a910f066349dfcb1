"""yjinspect: inspect, rate and improve youth justice services.

The core (frameworks as data, the rating rules, inputs) imports nothing from the web or a
database; the CLI and the web app call it.
"""

__version__ = "0.1.0"
