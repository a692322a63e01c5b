"""The client's address, read correctly behind the configured reverse proxies.

Behind nginx every request comes from nginx's address; the client's is the
last entry nginx appends to X-Forwarded-For. Only as many entries as there
are trusted proxies (TRUSTED_PROXY_COUNT) are believed: whatever a client
puts in front of them is ignored. With TRUSTED_PROXIES set, the header is
read only when the request really comes from one of those proxies.
"""

import ipaddress

from django.conf import settings
from ipware import get_client_ip


def _from_trusted_proxy(address):
    if not settings.TRUSTED_PROXIES:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in settings.TRUSTED_PROXIES)


def client_ip(request):
    """The client's IP address as a string (used by django-axes for lockouts)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies or not _from_trusted_proxy(remote):
        return remote
    # Each proxy appends the address it saw: the client is the proxies-th entry
    # from the right, i.e. ipware's chain with (proxies - 1) proxies after it.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote
