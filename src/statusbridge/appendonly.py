"""Records that are only ever added to: the staff audit trail, a case's history, its notices
and documents, corrections and their sending.

The ORM refuses to change or delete them (an instance's ``save`` once stored, ``delete``, and a
queryset's ``update``, ``delete`` and ``bulk_update``). The database's own privileges are the
operator's to set (docs/operations.md); this stops the application itself from rewriting history.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class AppendOnly(Exception):
    """An attempt to change or delete a record that is only ever added to."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never changed")

    def delete(self) -> NoReturn:
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never changed")


class AppendOnlyModel(models.Model):
    """Base of a model whose rows are written once."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnly(f"{self._meta.verbose_name_plural} are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly(f"{self._meta.verbose_name_plural} are never deleted")
