"""The classifier's line model (controller/patterns/line_model.py): a second opinion on the rules' verdicts."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from controller.agent.logs import build_detection
from controller.agent.model import Failure
from controller.constants import PATTERN_IDS
from controller.patterns import Classifier, line_model
from controller.patterns.line_model import (
    MAX_CHARS,
    LineModelError,
    char_ngrams,
    hashed_counts,
    normalise,
    shipped,
    word_ngrams,
)
from controller.patterns.quality import _blocks, load_corpus
from controller.patterns.train_line_model import CORPUS, corpus_digest, training_part

# The rules call these failures; the first labeller of round 25 read them as `none` (a start-up wait for the database,
# a DEBUG line of a peer the daemon retries), and so did the model while round 25 was unseen (software it never saw),
# and so it does now that it learns from round 25: the verdict stands uncorroborated.
UNCORROBORATED = {
    "waiting for postgres to be ready...": "service_dependency",
    "+0.037800557 lightningd(31095):DEBUG: Failed to connect 10 socket: Network is unreachable": "network_timeout",
}


def test_the_shipped_model_was_trained_on_todays_corpus_without_the_unseen_round() -> None:
    model = shipped()
    lines = training_part()
    assert not any(line.part == "unseen" for line in lines)
    assert model.trained_lines == len(lines)
    assert model.corpus_sha256 == corpus_digest(lines), (
        "controller/patterns/line_model.bin.gz is stale: the corpus changed since it was trained; "
        "run 'make line-model'")
    assert set(model.classes) == set(PATTERN_IDS) | {"none"}
    held = sum(len(a) * a.itemsize for a in model.idf) + sum(len(c) * c.itemsize for t in model.weights for c in t)
    assert held == 2 * 4 * 2**16 + 2 * 15 * 2**16 == 2_490_368  # what the agent keeps in memory for it
    assert line_model.ARTEFACT.stat().st_size < 1_500_000


def test_features_are_character_grams_inside_words_and_word_grams() -> None:
    assert char_ngrams("ab") == [" ab", "ab ", " ab "]  # a short word counts once, whole, for the longer sizes
    assert char_ngrams("abcd") == [" ab", "abc", "bcd", "cd ", " abc", "abcd", "bcd ", " abcd", "abcd "]
    assert word_ngrams("a bb cc: dd") == ["bb", "cc", "dd", "bb cc", "cc dd"]  # one-letter words are not words
    assert normalise("Port 8080 in USE at 0x7ffe") == "port 0 in use at 0"
    assert len(normalise("x" * 10_000)) == MAX_CHARS


def test_it_reads_the_lines_the_library_knows_as_the_rules_do() -> None:
    model = shipped()
    assert model.predict("Error: listen EADDRINUSE: address already in use :::3000") == "port_conflict"
    assert model.predict("open /var/lib/app/data.db: permission denied") == "permission_denied"
    assert model.predict("2026-12-04 12:00:00 INFO server started on port 8080") is None
    assert model.corroborates("user-widget", ["anything"]) is None  # a pattern it cannot know


def test_the_classifier_reports_whether_the_model_corroborates_its_verdict() -> None:
    classifier = Classifier()
    sure = classifier.classify(["starting", "Error: listen EADDRINUSE: address already in use :::3000"])
    assert (sure.pattern, sure.corroborated) == ("port_conflict", True)
    for line, pattern in UNCORROBORATED.items():
        doubted = classifier.classify([line])
        assert (doubted.pattern, doubted.corroborated) == (pattern, False), line
    assert classifier.classify(["all good", "ready"]).corroborated is None  # no verdict, nothing to corroborate
    user = Classifier([{"id": "widget_jam", "regex": "widget jammed", "actions": ["restart"]}])
    assert user.classify(["the widget jammed again"]).corroborated is None


def test_the_detection_carries_the_second_opinion_only_for_a_verdict_of_the_rules() -> None:
    base = {"target_kind": "docker", "target_name": "web", "service_type": "docker", "container": "web",
            "reason": "ContainerDied", "source": "docker-events"}
    line = next(iter(UNCORROBORATED))
    _, det = build_detection(Failure.model_validate(base), [line], Classifier().classify([line]))
    assert det.pattern == "service_dependency" and det.corroborated is False
    assert det.model_dump(by_alias=True)["corroborated"] is False
    certain = Failure.model_validate({**base, "reason": "OOMKilled", "hint": "out_of_memory", "hint_certain": True,
                                      "hint_confidence": 0.95, "oom_killed": True})
    _, det = build_detection(certain, [line], Classifier().classify([line]))
    assert det.pattern == "out_of_memory" and det.corroborated is None  # the watcher's fact, not the rules'


def test_on_the_unseen_round_corroborated_verdicts_are_right_more_often() -> None:
    """Round 61 (never tuned on, never trained on): the classifier's line verdicts split by the model's opinion."""
    classifier = Classifier()
    lines = load_corpus(CORPUS)["unseen61_issues"]
    counts = {True: [0, 0], False: [0, 0]}  # corroborated -> [right, flagged]
    for block in _blocks(lines):
        for line, verdict in zip(block, classifier.classify_lines([ln.text for ln in block]), strict=True):
            if verdict is None:
                continue
            agreed = classifier.line_model.predict(line.text) == verdict.pattern
            counts[agreed][0] += verdict.pattern == line.label
            counts[agreed][1] += 1
    # measured: corroborated 87/93 = 0.935, not corroborated 14/28 = 0.500 (the classifier 101/121 = 0.835); on round
    # 60, when it was the unseen round, 66/73 = 0.904 against 29/41 = 0.707 (0.833); after round 60's tuning (the model
    # not retrained) 76/80 and 65/69; on round 59, when it was the unseen round, 74/77 = 0.961 against 10/27 = 0.370
    # (0.808); after round 59's tuning (the model not retrained) 79/80 and 60/64; on round 58, when it was the unseen
    # round, 80/86 = 0.930 against 7/21 = 0.333 (0.813); after round 58's tuning (the model not retrained) 88/94 and
    # 41/48; on round 57, when it was the unseen round, 75/78 = 0.962 against 9/29 = 0.310 (0.785); after round 57's
    # tuning (the model not retrained) 86/89 and 56/61; on round 56, when it was the unseen round, 63/66 = 0.955 against
    # 24/30 = 0.800 (0.906); after round 56's tuning (the model not retrained) 69/70 and 50/52; on round 55, when it was
    # the unseen round, 82/86 = 0.953 against 27/47 = 0.574 (0.820); after round 55's tuning (the model not retrained)
    # 93/95 and 51/57; on round 54, when it was the unseen round, 59/67 = 0.881 against 23/38 = 0.605 (0.781); after
    # round 54's tuning (the model not retrained) 74/78 and 67/71; on round 53, when it was the unseen round, 62/67 =
    # 0.925 against 39/59 = 0.661 (0.802); after round 53's tuning (the model not retrained) 83/86 and 79/89; on round
    # 52, when it was the unseen round, 42/48 = 0.875 against 33/49 = 0.673 (0.773); after round 52's tuning (the model
    # not retrained) 42/46 and 68/77; on round 51, when it was the unseen round, 42/43 = 0.977 against 6/23 = 0.261
    # (0.727); after round 51's tuning (the model not retrained) 43/44 and 73/79; on round 50, when it was the unseen
    # round, 54/56 = 0.964 against 15/19 = 0.789 (0.920); after round 50's tuning (the model not retrained) 58/60 and
    # 52/55; on round 49, when it was the unseen round, 48/54 = 0.889 against 6/19 = 0.316 (0.740); after round 49's
    # tuning (the model not retrained) 56/62 and 58/61; on round 48, when it was the unseen round, 63/65 = 0.969 against
    # 20/28 = 0.714 (0.892); on round 47, when it was the unseen round, 72/73 = 0.986 against 14/19 = 0.737 (0.935); on
    # round 46, when it was the unseen round, 61/62 = 0.984 against 23/29 = 0.793 (0.923); on round 45, when it was the
    # unseen round, 66/72 = 0.917 against 14/39 = 0.359 (0.721); on round 44, when it was the unseen round, 51/59 =
    # 0.864 against 9/20 = 0.450 (0.759); on round 43, when it was the unseen round, 95/99 = 0.960 against 34/50 = 0.680
    # (0.866); after round 43's tuning (the model not retrained) 179/181 and 0/5; on round 42, when it was the unseen
    # round, 78/86 = 0.907 against 14/21 = 0.667 (0.860); on round 41, when it was the unseen round, 90/94 = 0.957
    # against 18/31 = 0.581 (0.864); on round 40, when it was the unseen round, 79/86 = 0.919 against 18/27 = 0.667
    # (0.858); on round 39, when it was the unseen round, 43/45 = 0.956 against 16/43 = 0.372 (0.670); on round 38, when
    # it was the unseen round, 81/87 = 0.931 against 20/40 = 0.500; after round 38's tuning (rules written from its
    # misses, the model not retrained) 93/98 and 69/81; on round 37, when it was the unseen round, 51/54 = 0.944 against
    # 35/51 = 0.686; on round 36 76/83 = 0.916 against 34/47 = 0.723; on round 35 74/79 = 0.937 against 15/34 = 0.441;
    # on round 34 80/86 = 0.930 against 16/40 = 0.400; on round 33 125/131 = 0.954 against 29/49 = 0.592; on round 32
    # 71/93 = 0.763 against 9/29 = 0.310 (the lowest of any round); on round 31 123/129 = 0.953 against 25/40 = 0.625;
    # on round 30 83/87 = 0.954 against 21/36 = 0.583; on round 29 52/56 = 0.929 against 16/43 = 0.372; on round 28
    # 106/111 = 0.955 against 37/61 = 0.607; on round 27 102/107 = 0.953 against 22/46 = 0.478; on round 26 87/99 =
    # 0.879 against 17/45 = 0.378; on round 25 131/135 = 0.970 against 68/110 = 0.618; on round 24 34/42 = 0.810 against
    # 17/28 = 0.607
    assert counts[True] == [87, 93] and counts[False] == [14, 28]


def test_hostile_lines_cost_no_more_than_their_first_characters_and_never_raise() -> None:
    model = shipped()
    huge = "A" * 1_000_000 + " permission denied"
    assert hashed_counts(huge) == hashed_counts(huge[:MAX_CHARS])
    started = time.perf_counter()
    for text in (huge, "\x00\x01\x02 bind: address already in use", "\ud800 lone surrogate \udfff", "", " \t\n ",
                 "é" * 5000, "🔥" * 3000):
        assert model.predict(text) in (None, *model.classes)
    assert time.perf_counter() - started < 5  # bounded by MAX_CHARS, not by the input (generous: a loaded CI host)


def test_a_damaged_model_file_is_refused_with_what_to_run(tmp_path: Path) -> None:
    good = gzip.decompress(line_model.ARTEFACT.read_bytes())
    cases = {
        "not-gzip.bin.gz": b"this is not gzip",
        "truncated.bin.gz": gzip.compress(good[: len(good) // 2]),
        "no-header.bin.gz": gzip.compress(b"\x00" * 100),
        "format.bin.gz": gzip.compress(good.replace(b'"format": 1', b'"format": 9', 1)),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(LineModelError) as err:
            line_model.load(path)
        assert str(path) in str(err.value) and "make line-model" in str(err.value), name


def test_dump_and_load_give_back_the_same_model(tmp_path: Path) -> None:
    model = shipped()
    path = tmp_path / "copy.bin.gz"
    line_model.dump(model, path)
    again = line_model.load(path)
    assert again == model
    assert path.read_bytes() == line_model.ARTEFACT.read_bytes()  # same model, same bytes (no timestamp inside)
