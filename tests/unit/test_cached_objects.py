"""Cached objects are built whole or in explicit write-once caches (``dataset.Memo``), and an edited data set
starts with a cache of its own: it never sees what was derived from the original's tables."""

from __future__ import annotations

import pytest

from relief import dataset, evidence, judgement, views
from relief.dataset import Memo


@pytest.fixture(scope="module")
def bundled():
    return dataset.load_folder().dataset


def test_an_entry_is_built_once_and_never_replaced():
    memo, builds = Memo(), []
    first = memo.once("k", lambda: builds.append(1) or ["built"])
    again = memo.once("k", lambda: builds.append(2) or ["other"])
    assert first is again and again == ["built"] and builds == [1] and "k" in memo and len(memo) == 1
    with pytest.raises(TypeError):
        memo["k"] = "changed"  # no way to replace an entry
    assert not hasattr(memo, "get") and not hasattr(memo, "setdefault")


def test_an_edited_data_set_never_sees_the_original_s_memo(bundled):
    """``with_lexicon`` once handed the same memo to the edited data set: a lexicon-dependent entry (the rules'
    verdicts) would have leaked the original readings into every edited view."""
    original = judgement.dataset_verdicts(bundled)  # fills the original's memo with lexicon-dependent entries
    evidence.claim_verdicts(bundled, bundled.claims["claim_id"].iloc[0])
    assert len(bundled.memo) >= 2
    lexicon = bundled.lexicon.copy()
    lexicon[["conservative_hours", "central_hours", "generous_hours"]] *= 3
    edited = dataset.with_lexicon(bundled, lexicon).dataset
    assert edited.memo is not bundled.memo and len(edited.memo) == 0
    judged = judgement.dataset_verdicts(edited)
    assert judged is not original and len(edited.memo) == 1


def test_a_view_s_texts_are_made_once_and_not_shared_between_views(bundled):
    one = views.overview(bundled, {})
    two = views.overview(bundled, {})
    assert one.rows is one.rows and one.key is one.key and one.table_markdown() is one.table_markdown()
    assert one._memo is not two._memo
