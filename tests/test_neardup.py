"""Near-duplicates: one wire story republished by several outlets with small edits."""

from __future__ import annotations

import random

import pytest

from babelwire.analyse.neardup import NearDuplicateIndex, shingle_hashes, tokens

WIRE = (
    "OSLO (Wire) - The Norwegian government on Monday proposed a new tax on large fishing "
    "vessels to pay for the renewal of coastal ferry routes, a plan that drew immediate "
    "criticism from the industry. Finance Minister Kari Nordmann told reporters that the levy "
    "would raise about 1.2 billion crowns a year and would only apply to vessels longer than "
    "forty metres. The fishing association said the proposal came without warning and would "
    "hurt family-owned companies in the north. Opposition parties said they would study the "
    "details before taking a position. Parliament is expected to vote on the budget in "
    "December, and the government needs the support of at least one other party to pass it. "
    "Analysts said the tax was likely to be changed during the negotiations, as it has been "
    "for similar proposals in earlier years. Ferry operators welcomed the money but said the "
    "new routes would still take several years to plan and build."
)


def republished(text: str) -> str:
    """What a second outlet does with a wire story: new dateline, a changed word, a credit."""
    edited = text.replace("OSLO (Wire) - ", "").replace("drew immediate", "quickly drew")
    return "By staff and agencies. " + edited + " (Additional reporting by the news desk.)"


def other_story(seed: int) -> str:
    words = [*tokens(WIRE), "harbour", "election", "museum", "storm", "budget", "school"]
    rng = random.Random(seed)
    return " ".join(rng.choice(words) for _ in range(170))


def test_republished_wire_story_is_found() -> None:
    index = NearDuplicateIndex()
    index.add(1, index.signature(WIRE))
    for seed in range(20):
        index.add(100 + seed, index.signature(other_story(seed)))
    copy = index.signature(republished(WIRE))
    assert index.query(copy) == 1
    assert index.similarity(copy, index.signature(WIRE)) > 0.7  # true Jaccard 0.86


def test_different_stories_are_not_duplicates() -> None:
    index = NearDuplicateIndex()
    index.add(1, index.signature(WIRE))
    # Same topic and much of the vocabulary, but a different article.
    follow_up = ("The fishing association on Tuesday asked Parliament to reject the proposed "
                 "tax on large vessels, saying family-owned companies in the north could not "
                 "carry the cost. Its leader said talks with the Finance Minister had been "
                 "constructive but that the levy of 1.2 billion crowns was far too high, and "
                 "that the ferry routes should be paid from the ordinary budget instead.")
    assert index.query(index.signature(follow_up)) is None
    for seed in range(20):
        assert index.query(index.signature(other_story(seed))) is None


def test_normalisation_ignores_case_punctuation_and_spacing() -> None:
    index = NearDuplicateIndex()
    index.add(7, index.signature(WIRE))
    shouted = WIRE.upper().replace(",", "").replace(".", " . ").replace(" ", "  ")
    assert index.query(index.signature(shouted)) == 7


def test_signature_bytes_rebuild_the_index() -> None:
    first = NearDuplicateIndex(num_perm=64)
    signature = first.signature(WIRE)
    assert isinstance(signature, bytes) and len(signature) == 64 * 4
    second = NearDuplicateIndex(num_perm=64)  # e.g. after a restart, from stored signatures
    second.add_many([(3, signature)])
    assert second.signature(WIRE) == signature  # stable across instances (and processes)
    assert second.query(second.signature(republished(WIRE))) == 3
    assert 3 in second and len(second) == 1
    second.remove(3)
    assert second.query(signature) is None and len(second) == 0


def test_best_match_and_replacing_an_id() -> None:
    index = NearDuplicateIndex(threshold=0.5)
    index.add(1, index.signature(republished(WIRE)))
    index.add(2, index.signature(WIRE))
    assert index.query(index.signature(WIRE)) == 2  # the exact copy beats the edited one
    index.add(2, index.signature(other_story(1)))  # re-adding replaces the signature
    assert index.query(index.signature(WIRE)) == 1


def test_cjk_text_without_spaces_is_shingled_by_character() -> None:
    text = ("東京都は月曜日、新しい自転車専用道路の建設計画を発表した。全長は約十二キロで、"
            "二年後の完成を目指す。知事は記者会見で、通勤時の渋滞を減らしたいと述べた。")
    assert len(tokens(text)) > 50
    index = NearDuplicateIndex()
    index.add(1, index.signature(text))
    assert index.query(index.signature(text.replace("月曜日", "月曜"))) == 1


def test_empty_and_short_texts() -> None:
    index = NearDuplicateIndex()
    assert len(shingle_hashes("")) == 0 and len(shingle_hashes("two words")) == 1
    empty = index.signature("")
    index.add(1, empty)
    assert index.query(empty) is None  # empty text is no evidence of anything
    index.add(2, index.signature("Breaking news"))
    assert index.query(index.signature("breaking NEWS!")) == 2


def test_wrong_signature_size_is_refused() -> None:
    with pytest.raises(ValueError, match="num_perm"):
        NearDuplicateIndex(num_perm=64).add(1, NearDuplicateIndex(num_perm=32).signature(WIRE))
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=0)


def test_signatures_and_candidates_are_datasketchs_bit_for_bit() -> None:
    """Signatures stored by earlier versions (datasketch's MinHash, "affine32", seed 1) keep
    matching, and the bands find the same candidates as datasketch's MinHashLSH."""
    datasketch = pytest.importorskip("datasketch")
    import numpy as np

    from babelwire.analyse.neardup import lsh_bands

    index = NearDuplicateIndex()
    theirs = datasketch.MinHashLSH(threshold=0.8, num_perm=64, params=lsh_bands(0.8, 64))
    texts = ["", "one", "two words", WIRE, republished(WIRE),
             *(other_story(seed) for seed in range(60)),
             *(other_story(seed)[: 40 + seed] for seed in range(30))]
    for number, text in enumerate(texts):
        minhash = datasketch.MinHash(num_perm=64, seed=1, hashfunc=lambda value: value,
                                     scheme="affine32")
        minhash.update_batch(shingle_hashes(text).tolist())
        expected = np.asarray(minhash.hashvalues, dtype="<u4").tobytes()
        assert index.signature(text) == expected, text[:60]
        if number % 2 == 0:
            index.add(number, expected)
            theirs.insert(number, minhash, check_duplication=False)
    index.remove(4)
    theirs.remove(4)
    for number, text in enumerate(texts):
        minhash = datasketch.MinHash(num_perm=64, seed=1, hashfunc=lambda value: value,
                                     scheme="affine32")
        minhash.update_batch(shingle_hashes(text).tolist())
        found = index.query(index.signature(text))
        candidates = set(theirs.query(minhash))
        if found is not None:
            assert found in candidates
        elif text and number % 2 == 0 and number != 4:
            raise AssertionError(f"text {number} indexed but not found")
