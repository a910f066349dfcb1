"""Uploads in the workspace: the core's limits (:mod:`yjinspect.limits`) from the settings.

Every upload is measured before it is parsed; the limits are the ``UPLOAD_*`` settings,
documented in the README's configuration table.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from yjinspect.errors import InputError
from yjinspect.limits import Limits, check_size


def upload_limits() -> Limits:
    """The limits every upload is held to, from the settings."""
    return Limits(
        max_bytes=settings.UPLOAD_MAX_BYTES,
        max_uncompressed_bytes=settings.UPLOAD_MAX_UNCOMPRESSED_BYTES,
        max_compression_ratio=settings.UPLOAD_MAX_COMPRESSION_RATIO,
        max_rows=settings.UPLOAD_MAX_ROWS,
        max_columns=settings.UPLOAD_MAX_COLUMNS,
        max_cells=settings.UPLOAD_MAX_CELLS,
        max_depth=settings.UPLOAD_MAX_DEPTH,
    )


def shown_name(upload: UploadedFile) -> str:
    """The file's own name as the person chose it (never a path on the server), shortened."""
    name = (upload.name or "the file").replace("\\", "/").rpartition("/")[2]
    return name if len(name) <= 80 else name[:77] + "..."


def upload_bytes(upload: UploadedFile, limits: Limits | None = None) -> bytes:
    """An upload's bytes, refused unread when larger than the limit."""
    limits = limits or upload_limits()
    name = shown_name(upload)
    check_size(upload.size or 0, name, limits)
    data = bytes(upload.read(limits.max_bytes + 1))
    check_size(len(data), name, limits)
    if not data:
        raise InputError(f"{name} is empty")
    return data
