"""The embedded server's memory, sized as PostgreSQL advises for a server of its own."""

import psycopg
import pytest

from claimtrack.embedded_db import memory_settings, memory_tune
from claimtrack.tests.live_servers import ThrowawayPostgres

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


@pytest.fixture
def cluster():
    """A fresh cluster of its own: the test changes its configuration and restarts it."""
    postgres = ThrowawayPostgres()
    yield postgres
    postgres.close()


def setting(postgres: ThrowawayPostgres, name: str) -> str:
    with psycopg.connect(postgres.server.get_uri(), autocommit=True) as connection:
        return connection.execute("SELECT current_setting(%s)", [name]).fetchone()[0]


def test_tuning_keeps_a_value_set_by_hand_and_restarts_for_the_buffers(cluster):
    """``make db`` sizes a new cluster, but a value an administrator set with ``ALTER SYSTEM``
    stays theirs, on the first start and on every later one."""
    with psycopg.connect(cluster.server.get_uri(), autocommit=True) as connection:
        connection.execute("ALTER SYSTEM SET effective_cache_size = '300MB'")
        connection.execute("SELECT pg_reload_conf()")

    changed = memory_tune(cluster.server, memory=GB)

    assert changed == ["shared_buffers"]
    assert setting(cluster, "shared_buffers") == "256MB"  # the restart took it
    assert setting(cluster, "effective_cache_size") == "300MB"
    assert memory_tune(cluster.server, memory=2 * GB) == []  # ours now too: left as set
    assert setting(cluster, "shared_buffers") == "256MB"
