# SPDX-License-Identifier: MIT
"""bench: passthrough device interrupt latency (placeholder)."""


def irq_latency(arch, a):
    return None
