"""The API's authority filter: every view that reads or writes with a token
passes its queryset through ``scoped``. The paths from each model to its
authority live in ``funding.tenancy``, the one home of tenant separation;
a row of another authority is then not found (404)."""

from funding.tenancy import scoped

__all__ = ["scoped"]
