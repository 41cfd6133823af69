"""Protocols: pure state machines (``start`` / ``expected`` / ``apply`` / ``view``)."""

from accord.engine.protocols.base import (
    Expected,
    Protocol,
    ProtocolConfig,
    get_protocol,
    protocol_names,
    register_protocol,
    replay,
)

__all__ = [
    "Expected",
    "Protocol",
    "ProtocolConfig",
    "get_protocol",
    "protocol_names",
    "register_protocol",
    "replay",
]
