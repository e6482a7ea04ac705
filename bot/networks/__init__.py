"""The network registry: every network the bot can post to, by name.

Everything that differs between networks is asked of this registry (config sections,
publishers, text limits, earlier-run files); nothing else names a network. A new network is
one module in this package, defining a `Network`, plus its line in `_BUILT_IN`. Tests add a
fake one with `register`.
"""

from __future__ import annotations

from bot.networks import bluesky, mastodon, x
from bot.networks.base import Network, UnknownNetwork

__all__ = ["Network", "UnknownNetwork", "all_networks", "get", "names", "register"]

_BUILT_IN: tuple[Network, ...] = (x.NETWORK, bluesky.NETWORK, mastodon.NETWORK)
_registered: dict[str, Network] = {network.name: network for network in _BUILT_IN}


def get(name: str) -> Network:
    """The network called `name`; UnknownNetwork (naming the known ones) if there is none."""
    try:
        return _registered[name]
    except KeyError:
        raise UnknownNetwork(
            f"unknown network {name!r}; the bot knows {', '.join(names())}"
        ) from None


def names() -> tuple[str, ...]:
    return tuple(_registered)


def all_networks() -> tuple[Network, ...]:
    return tuple(_registered.values())


def register(network: Network) -> None:
    """Add a network (tests register a fake one). Settings loaded later know its section."""
    if network.name in _registered and _registered[network.name] is not network:
        raise ValueError(f"a network called {network.name!r} is registered already")
    _registered[network.name] = network


def unregister(name: str) -> None:
    if any(network.name == name for network in _BUILT_IN):
        raise ValueError(f"{name!r} is built in")
    _registered.pop(name, None)
