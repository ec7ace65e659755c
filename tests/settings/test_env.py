"""settings/env.py: the NETJ_* variables that hold a span, resolved once; a bad
value names the variable and is a usage error before anything is opened."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.dates import Span, parse_cadence
from netjournal.errors import InvalidValue
from netjournal.settings.env import SPAN_VARIABLES, resolve


def test_the_defaults():
    s = resolve(env={})
    assert (s.default_cadence, s.half_life, s.referral_check) == (Span(30, "d"), Span(180, "d"), Span(30, "d"))


@pytest.mark.parametrize(("name", "attribute"), [("NETJ_DEFAULT_CADENCE", "default_cadence"),
                                                 ("NETJ_HALF_LIFE", "half_life"),
                                                 ("NETJ_REFERRAL_CHECK", "referral_check")])
def test_each_span_variable_is_read(name, attribute):
    assert getattr(resolve(env={name: "6w"}), attribute) == Span(6, "w")
    assert getattr(resolve(env={name: ""}), attribute) == parse_cadence(SPAN_VARIABLES[name])  # empty: the default


def _not_a_span(text: str) -> bool:
    try:
        parse_cadence(text)
    except InvalidValue:
        return bool(text)
    return False


@given(name=st.sampled_from(sorted(SPAN_VARIABLES)), text=st.text(max_size=12).filter(_not_a_span))
def test_a_bad_span_names_its_variable(name, text):
    with pytest.raises(InvalidValue) as caught:
        resolve(env={name: text})
    assert caught.value.message.startswith(f"{name}: ")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("name", sorted(SPAN_VARIABLES))
def test_the_command_line_says_which_variable_is_wrong(netj, monkeypatch, name):
    monkeypatch.setenv(name, "0d")
    r = netj("due")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith(f"Error: {name}: ") and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
