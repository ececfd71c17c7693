"""The embedded server's memory, sized as PostgreSQL advises for a server of its own."""

from claimtrack.embedded_db import memory_settings

GB = 1024**3


def test_a_quarter_of_memory_for_buffers_and_half_for_the_planners_cache():
    assert memory_settings(24 * GB) == {
        "shared_buffers": "6144MB",
        "effective_cache_size": "12288MB",
    }


def test_buffers_are_capped_on_a_large_machine():
    # A 64 GB workstation does not reserve 16 GB for a development archive.
    assert memory_settings(64 * GB)["shared_buffers"] == "8192MB"
    assert memory_settings(64 * GB)["effective_cache_size"] == "32768MB"


def test_a_small_machine_keeps_postgresqls_own_minimum():
    assert memory_settings(256 * 1024**2)["shared_buffers"] == "128MB"
