"""The inspection report: HTML and PDF in the Inspectorate's structure (004; 002 for 2025).

Pure core: a :class:`~yjinspect.report.data.ReportData` (ratings from the core's rules, the
narrative people wrote, the figures the methodology annexe states) becomes a standalone HTML
document with SVG charts, and a PDF. Nothing numeric is typed by hand: every figure comes from
the rating result.
"""
