"""Behind a reverse proxy: the forwarded headers (client address, scheme, host) are believed
only from the proxies named in TRUSTED_PROXIES, and ignored when it is empty."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(text: str | Iterable[str]) -> list[Network]:
    """The addresses or networks of a comma-separated list (or a list of them); ValueError
    names the first that is not one."""
    items = text.split(",") if isinstance(text, str) else list(text)
    networks = []
    for item in (item.strip() for item in items):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
    return networks


class TrustedProxyFix:
    """werkzeug's ProxyFix for requests that come from a trusted proxy (one hop: the
    proxy's own X-Forwarded-For entry, -Proto and -Host); other requests pass untouched, so
    that a client cannot forge its address by sending the headers itself."""

    def __init__(self, app: Any, proxies: list[Network]) -> None:
        self.app = app
        self.proxies = proxies
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1)

    def is_trusted(self, address: str | None) -> bool:
        try:
            parsed = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(parsed in network for network in self.proxies)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.is_trusted(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    """Trust the forwarded headers of the proxies in app.config["TRUSTED_PROXIES"], if any."""
    proxies = parse_proxies(app.config.get("TRUSTED_PROXIES") or "")
    if proxies:
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, proxies)  # type: ignore[method-assign]
