"""The address store's rules (``relief.ui.state.AddressStore``), stated as tests of the store itself; the app tests
and the e2e state tests check the same rules through the running app."""

from __future__ import annotations

from relief.ui.state import AddressStore


def test_rule_1_the_address_wins_on_a_first_visit_and_on_back_or_forward_only():
    store = AddressStore()
    assert store.takes_address("explorer", {"axis": "linear"}, history_navigation=False)  # first visit
    store.agree("explorer", {"axis": "linear"})
    assert not store.takes_address("explorer", {"axis": "log"}, history_navigation=False)  # stale: the click wins
    assert store.takes_address("explorer", {"axis": "log"}, history_navigation=True)  # Back or Forward moved it
    assert not store.takes_address("explorer", {"axis": "linear"}, history_navigation=True)  # not moved
    assert store.takes_address("factors", {}, history_navigation=False)  # every scope has its own first visit


def test_rule_2_what_was_written_is_seen_so_a_run_does_not_take_its_own_write_for_a_move():
    store = AddressStore()
    store.values["explorer"] = {"axis": "log"}
    store.agree("explorer", {"axis": "log"})
    store.values["explorer"] = {"axis": "linear"}  # the widgets' latest change ...
    store.agree("explorer", {"axis": "linear"})  # ... written at the run's end
    assert store.seen["explorer"] == {"axis": "linear"}
    assert not store.takes_address("explorer", {"axis": "linear"}, history_navigation=True)


def test_rule_3_a_first_visit_is_a_page_the_session_has_never_shown():
    store = AddressStore()
    assert store.first_visit("talk") and store.defaults == {} and not store.address_only and store.page is None
    store.values["talk"] = {"scene": "3"}
    assert not store.first_visit("talk") and store.first_visit("explorer")


def test_stores_are_independent():
    one, two = AddressStore(), AddressStore()
    one.agree("explorer", {"axis": "log"})
    assert two.seen == {} and one.values is not two.values
