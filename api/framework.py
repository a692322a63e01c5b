"""Base views of the API: public, or with a token and every queryset scoped to its authority."""

from rest_framework import exceptions, generics

from api.auth import HasToken
from api.pagination import MAX_ID
from api.scoping import scoped


class PublicMixin:
    authentication_classes = ()
    permission_classes = ()


class TokenMixin:
    """A view of the authority's own data: a token is required and every queryset is scoped."""

    permission_classes = (HasToken,)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if int(kwargs.get("pk", 0)) > MAX_ID:
            raise exceptions.NotFound

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model only
            return self.base_queryset().none()
        return scoped(self.base_queryset(), self.request.auth.authority)

    def base_queryset(self):
        """The view's rows before scoping; views that need joins or prefetches override it."""
        return self.queryset.all()


class TokenListView(TokenMixin, generics.ListAPIView):
    pass


class TokenDetailView(TokenMixin, generics.RetrieveAPIView):
    pass
