import os

import pytest

from auth.tokens import validate


@pytest.mark.parametrize("token", ["", "abc", "ghp_", "Bearer ", "x" * 40])
def test_rejects_malformed(token):
    assert not validate(token)


def test_reads_from_env(monkeypatch):
    monkeypatch.setenv("API_TOKEN", "dummy-token-for-tests")
    assert validate(os.environ["API_TOKEN"]) is False
