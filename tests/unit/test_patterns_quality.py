"""Issue 10: the library measured on the labelled real-world corpus (tests/data/corpus), and the line
context rules and vetoes that the corpus exercises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from controller.patterns import Classifier, library
from controller.patterns.quality import (
    INVASIVE,
    TARGET_BENIGN_FALSE_FLAGS,
    TARGET_INVASIVE_PRECISION,
    TARGET_PRECISION,
    TARGET_RECALL,
    CorpusError,
    agreement,
    cohen_kappa,
    evaluate,
    format_agreement,
    format_report,
    load_corpus,
    load_second_labels,
    load_sources,
    pooled,
)

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


@pytest.fixture(scope="module")
def figures(classifier: Classifier):
    return evaluate(classifier, load_corpus(CORPUS))


def test_corpus_is_real_world_sized_and_varied() -> None:
    corpus = load_corpus(CORPUS)
    sources = load_sources(CORPUS)
    assert sum(len(lines) for lines in corpus.values()) >= 3000
    assert len({name for src in sources.values() for name in src.software}) >= 10
    assert len([name for name in corpus if name.startswith("loghub_")]) >= 10
    labels = {line.label for lines in corpus.values() for line in lines}
    assert labels >= set(library.pattern_ids()) | {"none"}
    readme = (CORPUS / "README.md").read_text()
    assert readme.count("LICENSE OF LOGHUB") == 1 and "Apache License 2.0" in readme
    # at least two whole sources were held out of tuning (unseen now, or retired: measured before tuning on them)
    assert len([src for src in sources.values() if src.part]) >= 2
    # the lines written by hand (not a named daemon's message) are marked and stay a small minority
    hand = (CORPUS / "doc_docker_sshd_traps.tsv").read_text().split("WRITTEN BY HAND", 1)[1]
    hand_lines = [line for line in hand.split("\n")[1:] if line and not line.startswith("#")]
    assert 0 < len(hand_lines) <= 0.02 * sum(len(lines) for lines in corpus.values())


@pytest.mark.parametrize("split", ["dev", "held"])
def test_targets_met(figures, split: str) -> None:
    f = figures[split]
    assert f.failures() == [], format_report(figures)
    assert f.precision() >= TARGET_PRECISION and f.recall() >= TARGET_RECALL
    assert f.benign_false_flags() <= TARGET_BENIGN_FALSE_FLAGS
    for pid in INVASIVE:
        assert f.precision(pid) >= TARGET_INVASIVE_PRECISION, pid
    assert f.lines > 300 and f.benign > 250  # enough lines for the targets to mean something


# The round being labelled as the next unseen part, by a helper who does not see the library: its files are named
# unseen<UNSEEN_ROUND>_*.tsv and say `# split: unseen (round <UNSEEN_ROUND>: ...)`. When it lands, its invasive misses
# (if any) go into UNSEEN_INVASIVE_MISSES at the measured precision and its measured overall figures into UNSEEN_FLOORS
# (precision, recall: lowest allowed; benign_flagged: highest allowed), so that they cannot get worse unnoticed.
UNSEEN_ROUND = 61
# Round 61 (1,656 lines, 175 failures; e-commerce platforms (Magento and Adobe Commerce and their Docker setups,
# PrestaShop, Saleor, Medusa, Shopware, Bagisto, Solidus, Spree), high-availability and load-balancing stacks
# (keepalived, HAProxy, Pacemaker and Corosync, fence agents, MetalLB, kube-vip) and distributed file systems and their
# clients (SeaweedFS, JuiceFS, MooseFS, GlusterFS, NFS-Ganesha, BeeGFS, Lustre, CephFS clients); collected by three
# helpers at the same time as round 60, one third each) as measured on landing, on the library before and after round
# 60's tuning (the same verdicts, line for line): P 101/121 = 0.835, R 101/175 = 0.577, 13 of 1,481 benign lines
# flagged; invasive: permission_denied 7/8 = 0.875 (below 0.9: held at its measured floor), database_lock 1/1. Only
# counts were read, not its lines. (Round 60, measured on landing at P 0.833, R 0.597, 12 of 1,544 benign lines flagged,
# is retired and tuned on since: docs/patterns.md, "What round 60 taught".)
UNSEEN_INVASIVE_MISSES: dict[str, float] = {"permission_denied": 0.875}
UNSEEN_FLOORS: dict[str, float] = {"precision": 0.8347, "recall": 0.5771, "benign_flagged": 13}


def test_the_unseen_part_is_measured_and_invasive_patterns_stay_precise_there(figures) -> None:
    """The unseen part (whole files with `# split: unseen`), labelled independently and never used for tuning: the test
    of generalisation. It fails while there is none (nothing would say how the library does on logs it was not tuned
    on). The patterns behind host-changing actions keep precision >= 0.9 there, except a miss named in
    UNSEEN_INVASIVE_MISSES (held at its measured floor); overall precision, recall and false flags are judged by make
    bench and guarded here by UNSEEN_FLOORS."""
    names = set(figures.unseen_sources)
    assert names, (f"no unseen corpus source: round {UNSEEN_ROUND} (tests/data/corpus/unseen{UNSEEN_ROUND}_*.tsv with "
                   "'# split: unseen') has not landed, so nothing measures the library on logs it was not tuned on")
    assert all(name.startswith(f"unseen{UNSEEN_ROUND}_") for name in names), (UNSEEN_ROUND, sorted(names))
    for name in names:
        split = next(line for line in (CORPUS / f"{name}.tsv").read_text().split("\n") if line.startswith("# split:"))
        assert f"round {UNSEEN_ROUND}" in split, (name, split)
    f = figures["unseen"]
    assert f.lines == sum(figures.sources[name].lines for name in names) and f.benign and sum(f.labelled.values())
    for pid in INVASIVE:
        floor = UNSEEN_INVASIVE_MISSES.get(pid, TARGET_INVASIVE_PRECISION)
        assert f.precision(pid) >= floor, (pid, format_report(figures))
    assert f.precision() >= UNSEEN_FLOORS.get("precision", 0.0), format_report(figures)
    assert f.recall() >= UNSEEN_FLOORS.get("recall", 0.0), format_report(figures)
    assert f.benign_flagged <= UNSEEN_FLOORS.get("benign_flagged", f.benign)
    assert "unseen sources" in format_report(figures)


# Rounds 13 to 61 labelled a second time, independently (tests/data/corpus/second/, 2026-12-03 to -05). Round 13: the
# readers disagree on 39 of 1,473 lines (kappa 0.899), the second scored against the first P 187/208 = 0.899, R 187/213
# = 0.878; round 14: 50 of 1,600 (kappa 0.868), P 172/200 = 0.860, R 172/209 = 0.823. The classifier on the lines both
# agree on: round 13 before its tuning P 119/147 = 0.810, R 119/187 = 0.636, 8 of 1,247 benign lines flagged (after it,
# fitted, 180/185, 180/187, 4); round 14 before its tuning P 71/107 = 0.664, R 71/172 = 0.413, 11 of 1,378 (after it,
# fitted, 152/162, 152/172, 6). Round 15 (unseen then): the readers disagree on 42 of 1,677 lines (kappa 0.879), P
# 157/191 = 0.822, R 157/180 = 0.872; the classifier on the lines both agree on P 80/89 = 0.899, R 80/157 = 0.510, 8 of
# 1,478 (after round 15's tuning, fitted: 156/160, 156/157, 4). Round 16 (unseen then): 25 of 1,595 lines (kappa 0.944),
# P 234/251 = 0.932, R 234/244 = 0.959; the classifier on the lines both agree on P 132/162 = 0.815, R 132/234 = 0.564,
# 6 of 1,336 (after round 16's tuning, fitted: 224/226, 224/234, 1). Round 17 (unseen then): 38 of 1,668 lines (kappa
# 0.915), P 222/256 = 0.867, R 222/231 = 0.961; the classifier on the lines both agree on P 176/187 = 0.941, R 176/222 =
# 0.793, 7 of 1,408 (after round 17's tuning, fitted: 221/224, 221/222, 3). Round 18 (unseen then): 60 of 1,658 lines
# (kappa 0.866), P 205/251 = 0.817, R 205/235 = 0.872; the classifier on the lines both agree on P 97/137 = 0.708, R
# 97/205 = 0.473, 6 of 1,393 (after round 18's tuning, fitted: 196/203, 196/205, 4). Round 19 (unseen then): 41 of 1,694
# lines (kappa 0.907), P 217/251 = 0.865, R 217/228 = 0.952; the classifier on the lines both agree on P 116/127 =
# 0.913, R 116/217 = 0.535, 6 of 1,436 (after round 19's tuning, fitted: 213/215, 213/217, 2). Round 21 (unseen then):
# 22 of 1,672 lines (kappa 0.950), P 226/243 = 0.930, R 226/234 = 0.966; the classifier on the lines both agree on P
# 149/164 = 0.909, R 149/226 = 0.659, 4 of 1,424 (after round 21's tuning, fitted: 224/225, 224/226, 1). Round 20
# (unseen then): 51 of 1,644 lines (kappa 0.883), P 209/245 = 0.853, R 209/232 = 0.901; the classifier on the lines both
# agree on P 77/88 = 0.875, R 77/209 = 0.368, 1 of 1,384 (after round 20's tuning, fitted: 204/206, 204/209, 0). Round
# 22 (unseen then): 30 of 1,730 lines (kappa 0.924), P 192/212 = 0.906, R 192/213 = 0.901; the classifier on the lines
# both agree on P 126/142 = 0.887, R 126/192 = 0.656, 12 of 1,508 (after round 22's tuning, fitted: 187/190, 187/192,
# 3). Round 23 (unseen then): 42 of 1,657 lines (kappa 0.890), P 184/201 = 0.915, R 184/212 = 0.868; the classifier on
# the lines both agree on P 82/104 = 0.788, R 82/184 = 0.446, 9 of 1,431 (after round 23's tuning, fitted: 182/191,
# 182/184, 9). Round 24 (unseen then): 16 of 1,081 lines (kappa 0.932), P 119/128 = 0.930, R 119/126 = 0.944; the
# classifier on the lines both agree on P 51/66 = 0.773, R 51/119 = 0.429, 5 of 946 (after round 24's tuning: 91/105,
# 91/119, 6). Round 25 (unseen then): 60 of 2,562 lines (kappa 0.906), P 304/345 = 0.881, R 304/343 = 0.886 (three
# second readers, one collector's third each); the classifier on the lines both agree on P 187/224 = 0.835, R 187/304 =
# 0.615, 15 of 2,198 (after round 25's tuning: 262/290, 262/304, 15). Round 26 (unseen then): 66 of 3,058 lines (kappa
# 0.874), P 242/264 = 0.917, R 242/290 = 0.834; the classifier on the lines both agree on P 101/135 = 0.748, R 101/242 =
# 0.417, 22 of 2,750 (after round 26's tuning: 200/222, 200/242, 16). Round 27 (unseen then): 47 of 2,359 lines (kappa
# 0.896), P 212/242 = 0.876, R 212/235 = 0.902; the classifier on the lines both agree on P 117/139 = 0.842, R 117/212 =
# 0.552, 10 of 2,100 (after round 27's tuning: 175/196, 175/212, 10). Round 28 (unseen then): 51 of 2,243 lines (kappa
# 0.903), P 249/276 = 0.902, R 249/290 = 0.859; the classifier on the lines both agree on P 131/157 = 0.834, R 131/249 =
# 0.526, 12 of 1,943 (after round 28's tuning: 201/221, 201/249, 12). Round 29 (unseen then): 56 of 1,884 lines (kappa
# 0.834), P 145/177 = 0.819, R 145/181 = 0.801; the classifier on the lines both agree on P 65/90 = 0.722, R 65/145 =
# 0.448, 14 of 1,683 (after round 29's tuning: 121/133, 121/145, 7). Round 30 (unseen then): 45 of 2,025 lines (kappa
# 0.892), P 196/229 = 0.856, R 196/217 = 0.903; the classifier on the lines both agree on P 103/114 = 0.904, R 103/196 =
# 0.526, 7 of 1,784 (after round 30's tuning: 193/195, 193/196, 1). Round 31 (unseen then): 37 of 1,839 lines (kappa
# 0.915), P 213/232 = 0.918, R 213/237 = 0.899; the classifier on the lines both agree on P 143/159 = 0.899, R 143/213 =
# 0.671, 4 of 1,589 (after round 31's tuning: 199/203, 199/213, 2). Round 32 (unseen then): 58 of 1,944 lines (kappa
# 0.838), P 149/193 = 0.772, R 149/185 = 0.805; the classifier on the lines both agree on P 77/100 = 0.770, R 77/149 =
# 0.517, 9 of 1,737 (after round 32's tuning: 136/147, 136/149, 7). Round 33 (unseen then): 30 of 2,134 lines (kappa
# 0.939), P 247/264 = 0.936, R 247/264 = 0.936; the classifier on the lines both agree on P 152/171 = 0.889, R 152/247 =
# 0.615, 7 of 1,857 (after round 33's tuning: 231/237, 231/247, 2). Round 34 (unseen then): 34 of 1,961 lines (kappa
# 0.914), P 191/208 = 0.918, R 191/216 = 0.884; the classifier on the lines both agree on P 95/119 = 0.798, R 95/191 =
# 0.497, 6 of 1,736 (after round 34's tuning: 149/167, 149/191, 6). Round 35 (unseen then): 38 of 1,967 lines (kappa
# 0.891), P 164/188 = 0.872, R 164/182 = 0.901; the classifier on the lines both agree on P 83/103 = 0.806, R 83/164 =
# 0.506, 1 of 1,765 (after round 35's tuning: 137/152, 137/164, 1). Round 36 (unseen then): 34 of 1,824 lines (kappa
# 0.909), P 178/200 = 0.890, R 178/199 = 0.894; the classifier on the lines both agree on P 103/119 = 0.866, R 103/178 =
# 0.579, 6 of 1,612 (after round 36's tuning: 148/160, 148/178, 3). Round 37 (unseen then): 37 of 1,847 lines (kappa
# 0.903), P 185/218 = 0.849, R 185/194 = 0.954; the classifier on the lines both agree on P 82/96 = 0.854, R 82/185 =
# 0.443, 4 of 1,625 (after round 37's tuning: 155/158, 155/185, 0). Round 38 (unseen then): 55 of 1,988 lines (kappa
# 0.852), P 168/208 = 0.808, R 168/188 = 0.894; the classifier on the lines both agree on P 98/119 = 0.824, R 98/168 =
# 0.583, 12 of 1,765 (after round 38's tuning: 159/171, 159/168, 7). Round 39 (unseen then): 29 of 1,827 lines (kappa
# 0.891), P 124/141 = 0.879, R 124/139 = 0.892; the classifier on the lines both agree on P 52/79 = 0.658, R 52/124 =
# 0.419, 19 of 1,674 (after round 39's tuning: 108/122, 108/124, 13). Round 40 (unseen then): 36 of 1,872 lines (kappa
# 0.882), P 139/154 = 0.903, R 139/168 = 0.827; the classifier on the lines both agree on P 84/91 = 0.923, R 84/139 =
# 0.604, 6 of 1,697 (after round 40's tuning: 132/139, 132/139, 6). Round 41 (unseen then): 29 of 1,944 lines (kappa
# 0.917), P 167/196 = 0.852, R 167/174 = 0.960; the classifier on the lines both agree on P 107/123 = 0.870, R 107/167 =
# 0.641, 11 of 1,748 (after round 41's tuning: 160/168, 160/167, 6). Round 42 (unseen then): 37 of 1,813 lines (kappa
# 0.874), P 134/156 = 0.859, R 134/153 = 0.876; the classifier on the lines both agree on P 82/95 = 0.863, R 82/134 =
# 0.612, 7 of 1,642 (after round 42's tuning: 125/132, 125/134, 4). Round 43 (unseen then): 16 of 1,979 lines (kappa
# 0.955), P 182/190 = 0.958, R 182/190 = 0.958; the classifier on the lines both agree on P 129/143 = 0.902, R 129/182 =
# 0.709, 6 of 1,781 (after round 43's tuning: 179/180, 179/182, 0). Round 44 (unseen then): 23 of 2,215 lines (kappa
# 0.898), P 103/121 = 0.851, R 103/112 = 0.920; the classifier on the lines both agree on P 59/73 = 0.808, R 59/103 =
# 0.573, 6 of 2,089 (after round 44's tuning: 94/105, 94/103, 4). Round 45 (unseen then): 29 of 2,198 lines (kappa
# 0.905), P 140/160 = 0.875, R 140/159 = 0.881; the classifier on the lines both agree on P 73/97 = 0.753, R 73/140 =
# 0.521, 4 of 2,029 (after round 45's tuning: 137/142, 137/140, 4). Round 46 (unseen then): 25 of 1,869 lines (kappa
# 0.923), P 157/176 = 0.892, R 157/168 = 0.935; the classifier on the lines both agree on P 83/90 = 0.922, R 83/157 =
# 0.529, 3 of 1,687 (after round 46's tuning: 149/151, 149/157, 1). Round 47 (unseen then): 32 of 1,853 lines (kappa
# 0.887), P 131/145 = 0.903, R 131/153 = 0.856; the classifier on the lines both agree on P 81/85 = 0.953, R 81/131 =
# 0.618, 3 of 1,690 (after round 47's tuning: 127/127, 127/131, 0). Round 48 (unseen then): 25 of 1,819 lines (kappa
# 0.908), P 128/142 = 0.901, R 128/142 = 0.901; the classifier on the lines both agree on P 79/85 = 0.929, R 79/128 =
# 0.617, 5 of 1,666 (after round 48's tuning: 125/125, 125/128, 0). Round 49 (unseen then): 55 of 1,729 lines (kappa
# 0.809, the lowest of any round: 29 lines of two wait loops the second reader read as service_dependency), P 122/160 =
# 0.762, R 122/143 = 0.853; the classifier on the lines both agree on P 51/66 = 0.773, R 51/122 = 0.418, 12 of 1,552
# (after round 49's tuning: 111/116, 111/122, 4). Round 50 (unseen then): 24 of 1,762 lines (kappa 0.893), P 104/110 =
# 0.945, R 104/124 = 0.839; the classifier on the lines both agree on P 59/63 = 0.937, R 59/104 = 0.567, 4 of 1,634
# (after round 50's tuning: 100/103, 100/104, 3). Round 51 (unseen then): 31 of 1,554 lines (kappa 0.890), P 131/161 =
# 0.814, R 131/136 = 0.963; the classifier on the lines both agree on P 48/61 = 0.787, R 48/131 = 0.366, 5 of 1,392
# (after round 51's tuning: 116/118, 116/131, 2). Round 52 (unseen then): 42 of 1,713 lines (kappa 0.847), P 121/143 =
# 0.846, R 121/145 = 0.834; the classifier on the lines both agree on P 70/85 = 0.824, R 70/121 = 0.579, 9 of 1,550
# (after round 52's tuning: 104/111, 104/121, 4). Round 53 (unseen then): 35 of 1,663 lines (kappa 0.904), P 172/192 =
# 0.896, R 172/197 = 0.873; the classifier on the lines both agree on P 96/117 = 0.821, R 96/172 = 0.558, 7 of 1,456
# (after round 53's tuning: 157/166, 157/172, 3). Round 54 (unseen then): 23 of 1,691 lines (kappa 0.926), P 149/161 =
# 0.925, R 149/167 = 0.892; the classifier on the lines both agree on P 79/96 = 0.823, R 79/149 = 0.530, 7 of 1,519
# (after round 54's tuning: 138/140, 138/149, 1). Round 55 (unseen then): 33 of 1,636 lines (kappa 0.894), P 146/165 =
# 0.885, R 146/166 = 0.880; the classifier on the lines both agree on P 106/125 = 0.848, R 106/146 = 0.726, 12 of 1,457
# (after round 55's tuning: 141/145, 141/146, 3). Round 56 (unseen then): 25 of 1,687 lines (kappa 0.910), P 131/143 =
# 0.916, R 131/148 = 0.885; the classifier on the lines both agree on P 87/94 = 0.926, R 87/131 = 0.664, 6 of 1,531
# (after round 56's tuning: 119/120, 119/131, 1). Round 57 (unseen then): 23 of 1,759 lines (kappa 0.922), P 140/156 =
# 0.897, R 140/153 = 0.915; the classifier on the lines both agree on P 80/96 = 0.833, R 80/140 = 0.571, 2 of 1,596
# (after round 57's tuning: 138/139, 138/140, 1). Round 58 (unseen then): 46 of 1,765 lines (kappa 0.852), P 128/165 =
# 0.776, R 128/163 = 0.785; the classifier on the lines both agree on P 82/93 = 0.882, R 82/128 = 0.641, 4 of 1,591
# (after round 58's tuning: 123/126, 123/128, 2). Round 59 (unseen then): 33 of 1,708 lines (kappa 0.894), P 146/178 =
# 0.820, R 146/151 = 0.967; the classifier on the lines both agree on P 81/100 = 0.810, R 81/146 = 0.555, 11 of 1,529
# (after round 59's tuning: 136/140, 136/146, 4). Round 60 (unseen then): 33 of 1,703 lines (kappa 0.898), P 154/183 =
# 0.842, R 154/159 = 0.969; the classifier on the lines both agree on P 93/105 = 0.886, R 93/154 = 0.604, 6 of 1,516
# (after round 60's tuning: 139/143, 139/154, 3). Round 61 (unseen): 44 of 1,656 lines (kappa 0.870), P 157/186 = 0.844,
# R 157/175 = 0.897; the classifier on the lines both agree on P 100/117 = 0.855, R 100/157 = 0.637, 11 of 1,455.
SECOND_LABELLING = {
    "unseen13_issues": {"disagreements": 39, "kappa": 0.899, "precision": 0.899, "recall": 0.878},
    "unseen14_issues": {"disagreements": 50, "kappa": 0.868, "precision": 0.86, "recall": 0.823},
    "unseen15_issues": {"disagreements": 42, "kappa": 0.879, "precision": 0.822, "recall": 0.872},
    "unseen16_issues": {"disagreements": 25, "kappa": 0.944, "precision": 0.932, "recall": 0.959},
    "unseen17_issues": {"disagreements": 38, "kappa": 0.915, "precision": 0.867, "recall": 0.961},
    "unseen18_issues": {"disagreements": 60, "kappa": 0.866, "precision": 0.817, "recall": 0.872},
    "unseen19_issues": {"disagreements": 41, "kappa": 0.907, "precision": 0.865, "recall": 0.952},
    "unseen20_issues": {"disagreements": 51, "kappa": 0.883, "precision": 0.853, "recall": 0.901},
    "unseen21_issues": {"disagreements": 22, "kappa": 0.95, "precision": 0.93, "recall": 0.966},
    "unseen22_issues": {"disagreements": 30, "kappa": 0.924, "precision": 0.906, "recall": 0.901},
    "unseen23_issues": {"disagreements": 42, "kappa": 0.89, "precision": 0.915, "recall": 0.868},
    "unseen24_issues": {"disagreements": 16, "kappa": 0.932, "precision": 0.93, "recall": 0.944},
    "unseen25_issues": {"disagreements": 60, "kappa": 0.906, "precision": 0.881, "recall": 0.886},
    "unseen26_issues": {"disagreements": 66, "kappa": 0.874, "precision": 0.917, "recall": 0.834},
    "unseen27_issues": {"disagreements": 47, "kappa": 0.896, "precision": 0.876, "recall": 0.902},
    "unseen28_issues": {"disagreements": 51, "kappa": 0.903, "precision": 0.902, "recall": 0.859},
    "unseen29_issues": {"disagreements": 56, "kappa": 0.834, "precision": 0.819, "recall": 0.801},
    "unseen30_issues": {"disagreements": 45, "kappa": 0.892, "precision": 0.856, "recall": 0.903},
    "unseen31_issues": {"disagreements": 37, "kappa": 0.915, "precision": 0.918, "recall": 0.899},
    "unseen32_issues": {"disagreements": 58, "kappa": 0.838, "precision": 0.772, "recall": 0.805},
    "unseen33_issues": {"disagreements": 30, "kappa": 0.939, "precision": 0.936, "recall": 0.936},
    "unseen34_issues": {"disagreements": 34, "kappa": 0.914, "precision": 0.918, "recall": 0.884},
    "unseen35_issues": {"disagreements": 38, "kappa": 0.891, "precision": 0.872, "recall": 0.901},
    "unseen36_issues": {"disagreements": 34, "kappa": 0.909, "precision": 0.89, "recall": 0.894},
    "unseen37_issues": {"disagreements": 37, "kappa": 0.903, "precision": 0.849, "recall": 0.954},
    "unseen38_issues": {"disagreements": 55, "kappa": 0.852, "precision": 0.808, "recall": 0.894},
    "unseen39_issues": {"disagreements": 29, "kappa": 0.891, "precision": 0.879, "recall": 0.892},
    "unseen40_issues": {"disagreements": 36, "kappa": 0.882, "precision": 0.903, "recall": 0.827},
    "unseen41_issues": {"disagreements": 29, "kappa": 0.917, "precision": 0.852, "recall": 0.96},
    "unseen42_issues": {"disagreements": 37, "kappa": 0.874, "precision": 0.859, "recall": 0.876},
    "unseen43_issues": {"disagreements": 16, "kappa": 0.955, "precision": 0.958, "recall": 0.958},
    "unseen44_issues": {"disagreements": 23, "kappa": 0.898, "precision": 0.851, "recall": 0.92},
    "unseen45_issues": {"disagreements": 29, "kappa": 0.905, "precision": 0.875, "recall": 0.881},
    "unseen46_issues": {"disagreements": 25, "kappa": 0.923, "precision": 0.892, "recall": 0.935},
    "unseen47_issues": {"disagreements": 32, "kappa": 0.887, "precision": 0.903, "recall": 0.856},
    "unseen48_issues": {"disagreements": 25, "kappa": 0.908, "precision": 0.901, "recall": 0.901},
    "unseen49_issues": {"disagreements": 55, "kappa": 0.809, "precision": 0.762, "recall": 0.853},
    "unseen50_issues": {"disagreements": 24, "kappa": 0.893, "precision": 0.945, "recall": 0.839},
    "unseen51_issues": {"disagreements": 31, "kappa": 0.89, "precision": 0.814, "recall": 0.963},
    "unseen52_issues": {"disagreements": 42, "kappa": 0.847, "precision": 0.846, "recall": 0.834},
    "unseen53_issues": {"disagreements": 35, "kappa": 0.904, "precision": 0.896, "recall": 0.873},
    "unseen54_issues": {"disagreements": 23, "kappa": 0.926, "precision": 0.925, "recall": 0.892},
    "unseen55_issues": {"disagreements": 33, "kappa": 0.894, "precision": 0.885, "recall": 0.88},
    "unseen56_issues": {"disagreements": 25, "kappa": 0.91, "precision": 0.916, "recall": 0.885},
    "unseen57_issues": {"disagreements": 23, "kappa": 0.922, "precision": 0.897, "recall": 0.915},
    "unseen58_issues": {"disagreements": 46, "kappa": 0.852, "precision": 0.776, "recall": 0.785},
    "unseen59_issues": {"disagreements": 33, "kappa": 0.894, "precision": 0.82, "recall": 0.967},
    "unseen60_issues": {"disagreements": 33, "kappa": 0.898, "precision": 0.842, "recall": 0.969},
    "unseen61_issues": {"disagreements": 44, "kappa": 0.87, "precision": 0.844, "recall": 0.897},
}
CLASSIFIER_ON_AGREED_LINES_FLOORS = {
    "unseen13_issues": {"precision": 0.9729, "recall": 0.9625, "benign_flagged": 4},
    "unseen14_issues": {"precision": 0.9382, "recall": 0.8837, "benign_flagged": 6},
    "unseen15_issues": {"precision": 0.975, "recall": 0.9936, "benign_flagged": 4},
    "unseen16_issues": {"precision": 0.9911, "recall": 0.9572, "benign_flagged": 1},
    "unseen17_issues": {"precision": 0.9866, "recall": 0.9954, "benign_flagged": 3},
    "unseen18_issues": {"precision": 0.9655, "recall": 0.956, "benign_flagged": 4},
    "unseen19_issues": {"precision": 0.9906, "recall": 0.9815, "benign_flagged": 2},
    "unseen20_issues": {"precision": 0.9902, "recall": 0.976, "benign_flagged": 0},
    "unseen21_issues": {"precision": 0.9955, "recall": 0.9911, "benign_flagged": 1},
    "unseen22_issues": {"precision": 0.9842, "recall": 0.9739, "benign_flagged": 3},
    "unseen23_issues": {"precision": 0.9528, "recall": 0.9891, "benign_flagged": 9},
    # Round 24 before its tuning 51/66, 51/119, 5 of 946; after it 91/105 = 0.867, 91/119 = 0.765, 6 (fitted).
    "unseen24_issues": {"precision": 0.8666, "recall": 0.7647, "benign_flagged": 6},
    # Round 25 before its tuning 187/224, 187/304, 15 of 2,198; after it 262/290 = 0.903, 262/304 = 0.862, 15 (fitted).
    "unseen25_issues": {"precision": 0.9034, "recall": 0.8618, "benign_flagged": 15},
    # Round 26 before its tuning 101/135, 101/242, 22 of 2,750; after it 200/222 = 0.901, 200/242 = 0.826, 16 (fitted).
    "unseen26_issues": {"precision": 0.9009, "recall": 0.8264, "benign_flagged": 16},
    # Round 27 before its tuning 117/139, 117/212, 10 of 2,100; after it 175/196 = 0.893, 175/212 = 0.825, 10 (fitted).
    "unseen27_issues": {"precision": 0.8928, "recall": 0.8254, "benign_flagged": 10},
    # Round 28 before its tuning 131/157, 131/249, 12 of 1,943; after it 201/221 = 0.910, 201/249 = 0.807, 12 (fitted).
    "unseen28_issues": {"precision": 0.9095, "recall": 0.8072, "benign_flagged": 12},
    # Round 29 before its tuning 65/90, 65/145, 14 of 1,683; after it 121/133 = 0.910, 121/145 = 0.834, 7 (fitted).
    "unseen29_issues": {"precision": 0.9097, "recall": 0.8344, "benign_flagged": 7},
    # Round 30 before its tuning 103/114, 103/196, 7 of 1,784; after it 193/195 = 0.990, 193/196 = 0.985, 1 (fitted).
    "unseen30_issues": {"precision": 0.9897, "recall": 0.9846, "benign_flagged": 1},
    # Round 31 before its tuning 143/159, 143/213, 4 of 1,589; after it 199/203 = 0.980, 199/213 = 0.934, 2 (fitted).
    "unseen31_issues": {"precision": 0.9802, "recall": 0.9342, "benign_flagged": 2},
    # Round 32 before its tuning 77/100, 77/149, 9 of 1,737; after it 136/147 = 0.925, 136/149 = 0.913, 7 (fitted).
    "unseen32_issues": {"precision": 0.9251, "recall": 0.9127, "benign_flagged": 7},
    # Round 33 before its tuning 152/171, 152/247, 7 of 1,857; after it 231/237 = 0.975, 231/247 = 0.935, 2 (fitted).
    "unseen33_issues": {"precision": 0.9746, "recall": 0.9352, "benign_flagged": 2},
    # Round 34 before its tuning 95/119, 95/191, 6 of 1,736; after it 149/167 = 0.892, 149/191 = 0.780, 6 (fitted).
    "unseen34_issues": {"precision": 0.8922, "recall": 0.7801, "benign_flagged": 6},
    # Round 35 before its tuning 83/103, 83/164, 1 of 1,765; after it 137/152 = 0.901, 137/164 = 0.835, 1 (fitted).
    "unseen35_issues": {"precision": 0.9013, "recall": 0.8353, "benign_flagged": 1},
    # Round 36 before its tuning 103/119, 103/178, 6 of 1,612; after it 148/160 = 0.925, 148/178 = 0.831, 3 (fitted).
    "unseen36_issues": {"precision": 0.925, "recall": 0.8314, "benign_flagged": 3},
    # Round 37 before its tuning 82/96, 82/185, 4 of 1,625; after it 155/158 = 0.981, 155/185 = 0.838, 0 (fitted).
    "unseen37_issues": {"precision": 0.981, "recall": 0.8378, "benign_flagged": 0},
    # Round 38 before its tuning 98/119, 98/168, 12 of 1,765; after it 159/171 = 0.930, 159/168 = 0.946, 7 (fitted).
    "unseen38_issues": {"precision": 0.9298, "recall": 0.9464, "benign_flagged": 7},
    # Round 39 before its tuning 52/79, 52/124, 19 of 1,674; after it 108/122 = 0.885, 108/124 = 0.871, 13 (fitted).
    "unseen39_issues": {"precision": 0.8852, "recall": 0.8709, "benign_flagged": 13},
    # Round 40 before its tuning 84/91, 84/139, 6 of 1,697; after it 132/139 = 0.950, 132/139 = 0.950, 6 (fitted).
    "unseen40_issues": {"precision": 0.9496, "recall": 0.9496, "benign_flagged": 6},
    # Round 41 before its tuning 107/123, 107/167, 11 of 1,748; after it 160/168 = 0.952, 160/167 = 0.958, 6 (fitted).
    "unseen41_issues": {"precision": 0.9523, "recall": 0.958, "benign_flagged": 6},
    # Round 42 before its tuning 82/95, 82/134, 7 of 1,642; after it 125/132 = 0.947, 125/134 = 0.933, 4 (fitted).
    "unseen42_issues": {"precision": 0.9469, "recall": 0.9328, "benign_flagged": 4},
    # Round 43 before its tuning 129/143, 129/182, 6 of 1,781; after it 179/180 = 0.994, 179/182 = 0.984, 0 (fitted).
    "unseen43_issues": {"precision": 0.9944, "recall": 0.9835, "benign_flagged": 0},
    # Round 44 before its tuning 59/73, 59/103, 6 of 2,089; after it 94/105 = 0.895, 94/103 = 0.913, 4 (fitted).
    "unseen44_issues": {"precision": 0.8952, "recall": 0.9126, "benign_flagged": 4},
    # Round 45 before its tuning 73/97, 73/140, 4 of 2,029; after it 137/142 = 0.965, 137/140 = 0.979, 4 (fitted).
    "unseen45_issues": {"precision": 0.9647, "recall": 0.9785, "benign_flagged": 4},
    # Round 46 before its tuning 83/90, 83/157, 3 of 1,687; after it 149/151 = 0.987, 149/157 = 0.949, 1 (fitted).
    "unseen46_issues": {"precision": 0.9867, "recall": 0.949, "benign_flagged": 1},
    # Round 47 before its tuning 81/85, 81/131, 3 of 1,690; after it 127/127 = 1.000, 127/131 = 0.969, 0 (fitted).
    "unseen47_issues": {"precision": 1.0, "recall": 0.9694, "benign_flagged": 0},
    # Round 48 before its tuning 79/85, 79/128, 5 of 1,666; after it 125/125 = 1.000, 125/128 = 0.977, 0 (fitted).
    "unseen48_issues": {"precision": 1.0, "recall": 0.9765, "benign_flagged": 0},
    # Round 49 before its tuning 51/66, 51/122, 12 of 1,552; after it 111/116 = 0.957, 111/122 = 0.910, 4 (fitted).
    "unseen49_issues": {"precision": 0.9568, "recall": 0.9098, "benign_flagged": 4},
    # Round 50 before its tuning 59/63, 59/104, 4 of 1,634; after it 100/103 = 0.971, 100/104 = 0.962, 3 (fitted).
    "unseen50_issues": {"precision": 0.9708, "recall": 0.9615, "benign_flagged": 3},
    # Round 51 before its tuning 48/61, 48/131, 5 of 1,392; after it 116/118 = 0.983, 116/131 = 0.885, 2 (fitted).
    "unseen51_issues": {"precision": 0.983, "recall": 0.8854, "benign_flagged": 2},
    # Round 52 before its tuning 70/85, 70/121, 9 of 1,550; after it 104/111 = 0.937, 104/121 = 0.860, 4 (fitted).
    "unseen52_issues": {"precision": 0.9369, "recall": 0.8595, "benign_flagged": 4},
    # Round 53 before its tuning 96/117, 96/172, 7 of 1,456; after it 157/166 = 0.946, 157/172 = 0.913, 3 (fitted).
    "unseen53_issues": {"precision": 0.9457, "recall": 0.9127, "benign_flagged": 3},
    # Round 54 before its tuning 79/96, 79/149, 7 of 1,519; after it 138/140 = 0.986, 138/149 = 0.926, 1 (fitted).
    "unseen54_issues": {"precision": 0.9857, "recall": 0.9261, "benign_flagged": 1},
    # Round 55 before its tuning 106/125, 106/146, 12 of 1,457; after it 141/145 = 0.972, 141/146 = 0.966, 3 (fitted).
    "unseen55_issues": {"precision": 0.9724, "recall": 0.9657, "benign_flagged": 3},
    # Round 56 before its tuning 87/94, 87/131, 6 of 1,531; after it 119/120 = 0.992, 119/131 = 0.908, 1 (fitted).
    "unseen56_issues": {"precision": 0.9916, "recall": 0.9083, "benign_flagged": 1},
    # Round 57 before its tuning 80/96, 80/140, 2 of 1,596; after it 138/139 = 0.993, 138/140 = 0.986, 1 (fitted).
    "unseen57_issues": {"precision": 0.9928, "recall": 0.9857, "benign_flagged": 1},
    # Round 58 before its tuning 82/93, 82/128, 4 of 1,591; after it 123/126 = 0.976, 123/128 = 0.961, 2 (fitted).
    "unseen58_issues": {"precision": 0.9761, "recall": 0.9609, "benign_flagged": 2},
    # Round 59 before its tuning 81/100, 81/146, 11 of 1,529; after it 136/140 = 0.971, 136/146 = 0.932, 4 (fitted).
    "unseen59_issues": {"precision": 0.9714, "recall": 0.9315, "benign_flagged": 4},
    # Round 60 before its tuning 93/105, 93/154, 6 of 1,516; after it 139/143 = 0.972, 139/154 = 0.903, 3 (fitted).
    "unseen60_issues": {"precision": 0.972, "recall": 0.9025, "benign_flagged": 3},
    # Round 61 is the unseen round: its floors are the classifier before any tuning on it (100/117, 100/157).
    "unseen61_issues": {"precision": 0.8547, "recall": 0.6369, "benign_flagged": 11},
}


def test_two_independent_labellings_show_how_far_the_labels_can_be_trusted(classifier: Classifier) -> None:
    """Humans reading rounds 13 to 61 with the same conventions agree at about P 0.77-0.94 / R 0.80-0.96: the
    targets (P >= 0.95, R >= 0.85) are at the edge of what the labels themselves support, and the classifier on
    unseen software, even on the lines both readers agree on, stays below them (round 18: P 0.708, R 0.473; round
    19: P 0.913, R 0.535; docs/patterns.md, "How far the labels can be trusted")."""
    corpus = load_corpus(CORPUS)
    found = {a.source: a for a in agreement(classifier, corpus, load_second_labels(CORPUS, corpus))}
    assert set(found) == set(SECOND_LABELLING)
    for name, a in found.items():
        assert a.second.lines == len(corpus[name])
        measured = {"disagreements": a.disagreements, "kappa": round(a.kappa, 3),
                    "precision": round(a.second.precision(), 3), "recall": round(a.second.recall(), 3)}
        assert measured == SECOND_LABELLING[name], name
        assert a.both.lines == a.second.lines - a.disagreements
        floors = CLASSIFIER_ON_AGREED_LINES_FLOORS[name]
        assert a.both.precision() >= floors["precision"], format_agreement([a])
        assert a.both.recall() >= floors["recall"], format_agreement([a])
        assert a.both.benign_flagged <= floors["benign_flagged"], format_agreement([a])


def test_retired_unseen_parts_do_not_regress(figures) -> None:
    """The unseen parts of rounds 1 to 60, each measured before the library was tuned on it (the headers keep
    those figures), then tuned on: what they show now is guarded against regressions, not evidence of
    generalisation. The floors are the figures after tuning; the lines still wrong are judgement calls of the
    independent labellers or left out on purpose (docs/patterns.md lists them)."""
    f = figures["retired"]
    assert f.lines >= 103526 and sum(f.labelled.values()) >= 11429
    # With round 60 in the part, after its tuning: 10,180/10,797 = 0.9429, 10,180/11,429 = 0.8907, 349 of 92,097 (rounds
    # 1 to 59 after round 59's tuning 10,035/10,644, 10,035/11,270, 343 of 90,553, after round 60's 10,039/10,648, 343:
    # its rules for a host out of reach and for a custom resource the cluster does not serve made a line of round 50 and
    # 3 of round 53 right; rounds 1 to 58 after round 58's tuning 9,895/10,499, 9,895/11,119, 339 of 88,996, after round
    # 59's 9,896/10,500, 339: its rule for fail2ban's missing jail log made a line of round 54 right; rounds 1 to 57
    # after round 57's tuning 9,765/10,356, 9,765/10,956, 333 of 87,394, after round 58's 9,766/10,357, 333: its rule
    # for frpc's failed login made a line of round 33 right; rounds 1 to 56 after round 56's tuning 9,622/10,205,
    # 9,622/10,803, 329 of 85,788, after round 57's 9,623/10,206, 329: its rule for Factorio's missing token made a line
    # of round 25 right; rounds 1 to 55 after round 55's tuning 9,503/10,083, 9,503/10,655, 327 of 84,249, the same
    # after round 56's; rounds 1 to 54 after round 54's tuning 9,358/9,930, 9,358/10,489, 324 of 82,779, after round
    # 55's 9,359/9,931, 324; rounds 1 to 53 after round 53's tuning 9,217/9,784, 9,217/10,322, 324 of 81,255, after
    # round 54's 9,217/9,781, 321: its vetoes of systemd's start timeout dropped 3 benign flags of rounds 26, 31 and 38;
    # rounds 1 to 52 after round 52's tuning 9,055/9,609, 9,055/10,125, 317 of 79,789, the same after round 53's; rounds
    # 1 to 51 after round 51's tuning 8,945/9,486, 8,945/9,980, 309 of 78,221, the same after round 52's; rounds 1 to 50
    # after round 50's tuning 8,829/9,363, 8,829/9,844, 302 of 76,803, the same after round 51's; rounds 1 to 49 after
    # round 49's tuning 8,717/9,246, 8,717/9,720, 298 of 75,165, after round 50's 8,719/9,248, 298: its rule for uWSGI's
    # missing ini made 2 lines of round 48 right; rounds 1 to 48 after round 48's tuning 8,603/9,123, 8,603/9,577, 292
    # of 73,579, the same after round 49's; rounds 1 to 47 after round 47's tuning 8,469/8,986, 8,469/9,435, 289 of
    # 71,902, after round 48's 8,473/8,990, 289: its rules for Compose v1 ps rows and Go's signal line on Windows made 4
    # lines of rounds 35 and 37 right; rounds 1 to 44 after the wait-loop context rule and round 45's tuning
    # 8,043/8,544, 277: the rule dropped 7 benign flags of rounds 22, 23, 38, 40 and 41; rounds 1 to 43 after round 44's
    # tuning 7,948/8,440, 278: its veto of Go's write to a peer that hung up dropped 5 benign flags of rounds 10 and 28,
    # its mysqljs rule caught a failure of round 40; round 32 took the part's precision below 0.95, its rules written
    # only from the lines its two readers agree on, as rounds 33 to 60's); rounds 24 to 60 are fitted less tightly than
    # the rounds before them, 96/111 and 96/126, 280/317 and 280/343, 229/257 and 229/290, 188/212 and 188/235, 218/241
    # and 218/290, 127/145 and 127/181, 204/215 and 204/217, 204/213 and 204/237, 139/169 and 139/185, 233/246 and
    # 233/264, 150/174 and 150/216, 144/163 and 144/182, 156/172 and 156/199, 159/167 and 159/194, 162/179 and 162/188,
    # 115/131 and 115/139, 147/163 and 147/168, 161/170 and 161/174, 135/144 and 135/153, 179/186 and 179/190, 95/111
    # and 95/112, 144/156 and 144/159, 150/152 and 150/168, 132/134 and 132/153, 130/133 and 130/142, 114/123 and
    # 114/143, 110/115 and 110/124, 116/123 and 116/136, 110/123 and 110/145, 162/175 and 162/197, 141/149 and 141/167,
    # 144/152 and 144/166, 119/122 and 119/148, 142/150 and 142/153, 129/142 and 129/163, 139/144 and 139/151, 141/149
    # and 141/159; none of rounds 19 to 60's rules moved a verdict of an earlier round to wrong (round 47's first
    # version did, a Traefik line of round 16, and was taken out); round 18's made one more line of round 5 right, round
    # 17's one of round 14. Rounds 1 to 59, 1 to 58, 1 to 57, 1 to 56, 1 to 55, 1 to 54, 1 to 53, 1 to 52, 1 to 51, 1 to
    # 50, 1 to 49, 1 to 48, 1 to 47, 1 to 46, 1 to 45, 1 to 44, 1 to 43, 1 to 42, 1 to 41, 1 to 40, 1 to 39, 1 to 38, 1
    # to 37, 1 to 36, 1 to 35, 1 to 34, 1 to 33, 1 to 32, 1 to 31, 1 to 30, 1 to 29, 1 to 28, 1 to 27, 1 to 26, 1 to 25,
    # 1 to 24, 1 to 23, 1 to 22, 1 to 21, 1 to 20, 1 to 19, 1 to 18, 1 to 17, 1 to 16, 1 to 15, 1 to 13, 1 to 12, 1 to
    # 11, 1 to 10 and 1 to 9 together keep their own floors.
    assert f.precision() >= 0.9428 and f.recall() >= 0.8907, format_report(figures)
    assert f.benign_flagged <= 349  # of 92,097
    # Each earlier state of the retired part keeps its own floor: the rounds up to `last` (files named unseen<N>_...;
    # the earlier rounds' files have other names and are always in), measured after the tuning on round `last`.
    for last, precision, recall, benign in (
            (59, 0.9427, 0.8904, 343),  # rounds 1-59: 10,035/10,644, 10,035/11,270, 343 of 90,553
            (58, 0.9424, 0.8899, 339),  # rounds 1-58: 9,895/10,499, 9,895/11,119, 339 of 88,996
            (57, 0.9429, 0.8912, 333),  # rounds 1-57: 9,765/10,356, 9,765/10,956, 333 of 87,394
            (56, 0.9428, 0.8906, 329),  # rounds 1-56: 9,622/10,205, 9,622/10,803, 329 of 85,788
            (55, 0.9424, 0.8918, 327),  # rounds 1-55: 9,503/10,083, 9,503/10,655, 327 of 84,249
            (54, 0.9423, 0.8921, 324),  # rounds 1-54: 9,358/9,930, 9,358/10,489, 324 of 82,779
            (53, 0.942, 0.8929, 324),  # rounds 1-53: 9,217/9,784, 9,217/10,322, 324 of 81,255
            (52, 0.9423, 0.8943, 317),  # rounds 1-52: 9,055/9,609, 9,055/10,125, 317 of 79,789
            (51, 0.9429, 0.8962, 309),  # rounds 1-51: 8,945/9,486, 8,945/9,980, 309 of 78,221
            (50, 0.9429, 0.8968, 302),  # rounds 1-50: 8,829/9,363, 8,829/9,844, 302 of 76,803
            (49, 0.9427, 0.8968, 298),  # rounds 1-49: 8,717/9,246, 8,717/9,720, 298 of 75,165
            (48, 0.943, 0.8982, 292),  # rounds 1-48: 8,603/9,123, 8,603/9,577, 292 of 73,579
            (47, 0.9424, 0.8976, 289),  # rounds 1-47: 8,469/8,986, 8,469/9,435, 289 of 71,902
            (46, 0.9418, 0.8981, 287),  # rounds 1-46: 8,337/8,852, 8,337/9,282, 287 of 70,202
            (45, 0.941, 0.8982, 286),  # rounds 1-45: 8,187/8,700, 8,187/9,114, 286 of 68,501
            (44, 0.9405, 0.8981, 284),  # rounds 1-44: 8,043/8,551, 8,043/8,955, 284 of 66,462
            (43, 0.9411, 0.8986, 283),  # rounds 1-43: 7,947/8,444, 7,947/8,843, 283 of 64,359
            (42, 0.9406, 0.8977, 278),  # rounds 1-42: 7,768/8,258, 7,768/8,653, 278 of 62,570
            (41, 0.9407, 0.898, 272),  # rounds 1-41: 7,633/8,114, 7,633/8,500, 272 of 60,910
            (40, 0.9404, 0.8974, 266),  # rounds 1-40: 7,472/7,945, 7,472/8,326, 266 of 59,140
            (39, 0.9412, 0.8975, 257),  # rounds 1-39: 7,322/7,779, 7,322/8,158, 257 of 57,436
            (38, 0.942, 0.8987, 244),  # rounds 1-38: 7,207/7,650, 7,207/8,019, 244 of 55,748
            (37, 0.9429, 0.8995, 236),  # rounds 1-37: 7,044/7,470, 7,044/7,831, 236 of 53,948
            (36, 0.9427, 0.9015, 231),  # rounds 1-36: 6,885/7,303, 6,885/7,637, 231 of 52,295
            (35, 0.9436, 0.9046, 226),  # rounds 1-35: 6,729/7,131, 6,729/7,438, 226 of 50,670
            (34, 0.945, 0.9075, 225),  # rounds 1-34: 6,585/6,968, 6,585/7,256, 225 of 48,885
            (33, 0.9471, 0.914, 215),  # rounds 1-33: 6,435/6,794, 6,435/7,040, 215 of 47,140
            (32, 0.9471, 0.9151, 207),  # rounds 1-32: 6,201/6,547, 6,201/6,776, 207 of 45,270
            (31, 0.9503, 0.9196, 198),  # rounds 1-31: 6,061/6,378, 6,061/6,591, 198 of 43,511
            (30, 0.95, 0.9216, 194),  # rounds 1-30: 5,856/6,164, 5,856/6,354, 194 of 41,909
            (29, 0.9498, 0.9208, 187),  # rounds 1-29: 5,651/5,949, 5,651/6,137, 187 of 40,101
            (28, 0.9517, 0.9271, 180),  # rounds 1-28: 5,522/5,802, 5,522/5,956, 180 of 38,398
            (27, 0.9537, 0.936, 168),  # rounds 1-27: 5,304/5,561, 5,304/5,666, 168 of 36,445
            (26, 0.9564, 0.9419, 157),  # rounds 1-26: 5,116/5,349, 5,116/5,431, 157 of 34,321
            (25, 0.9597, 0.9505, 138),  # rounds 1-25: 4,887/5,092, 4,887/5,141, 138 of 31,553
            (24, 0.9648, 0.9601, 119),  # rounds 1-24: 4,607/4,775, 4,607/4,798, 119 of 29,334
            (23, 0.9671, 0.9655, 112),  # rounds 1-23: 4,511/4,664, 4,511/4,672, 112 of 28,379
            (22, 0.968, 0.9647, 101),  # rounds 1-22: 4,303/4,445, 4,303/4,460, 101 of 26,934
            (21, 0.9683, 0.9658, 96),  # rounds 1-21: 4,102/4,236, 4,102/4,247, 96 of 25,417
            (20, 0.9677, 0.9651, 91),  # rounds 1-20: 3,873/4,002, 3,873/4,013, 91 of 23,979
            (19, 0.9671, 0.9656, 88),  # rounds 1-19: 3,651/3,775, 3,651/3,781, 88 of 22,567
            (18, 0.9658, 0.9645, 85),  # rounds 1-18: 3,427/3,548, 3,427/3,553, 85 of 21,101
            (17, 0.9676, 0.9659, 76),  # rounds 1-17: 3,205/3,312, 3,205/3,318, 76
            (16, 0.9668, 0.964, 72),  # rounds 1-16: 2,976/3,078, 2,976/3,087, 72
            (15, 0.9652, 0.9662, 70),  # rounds 1-15: 2,747/2,846
            (13, 0.9694, 0.9694, 53),  # rounds 1-13: 2,380/2,455, 2,380/2,454, 53
            (12, 0.9728, 0.9741, 45),  # rounds 1-12: 2,183/2,244, 2,183/2,241, 45 of 12,742
            (11, 0.9753, 0.9773, 36),  # rounds 1-11: 1,982/2,032, 1,982/2,028, 36
            (10, 0.9751, 0.9745, 31),  # rounds 1-10: 1,765/1,810, 1,765/1,811, 31 of 9,820
            (9, 0.9856, 0.9824, 20)):  # rounds 1-9: 1,511/1,533, 1,511/1,538, 20 of 8,588
        excluded = {name for name in figures.retired_sources
                    if (m := re.match(r"unseen([0-9]+)_", name)) and int(m.group(1)) > last}
        before = pooled(figures.sources[name] for name in figures.retired_sources if name not in excluded)
        assert before.precision() >= precision and before.recall() >= recall, excluded
        assert before.benign_flagged <= benign, excluded
    for pid in INVASIVE:
        assert f.precision(pid) >= TARGET_INVASIVE_PRECISION, (pid, format_report(figures))
    assert set(figures.retired_sources) >= {"loghub_windows", "loghub_openstack", "doc_unseen_daemons",
                                           "unseen2_issues", "unseen3_issues", "unseen3_beats", "unseen3_lnav",
                                           "unseen4_fixtures", "unseen4_issues", "unseen5_fail2ban",
                                           "unseen5_issues", "unseen6_fixtures", "unseen6_issues",
                                           "unseen7_fixtures", "unseen7_issues", "unseen8_fixtures",
                                           "unseen8_issues", "unseen9_apps", "unseen9_k8s", "unseen10_issues",
                                           "unseen11_issues", "unseen12_issues", "unseen13_issues",
                                           "unseen14_issues", "unseen15_issues", "unseen16_issues",
                                           "unseen17_issues", "unseen18_issues", "unseen19_issues",
                                           "unseen20_issues", "unseen21_issues", "unseen22_issues",
                                           "unseen23_issues", "unseen24_issues", "unseen25_issues",
                                           "unseen26_issues", "unseen27_issues", "unseen28_issues",
                                           "unseen29_issues", "unseen30_issues", "unseen31_issues",
                                           "unseen32_issues", "unseen33_issues", "unseen34_issues",
                                           "unseen35_issues", "unseen36_issues", "unseen37_issues",
                                           "unseen38_issues", "unseen39_issues", "unseen40_issues",
                                           "unseen41_issues", "unseen42_issues", "unseen43_issues",
                                           "unseen44_issues", "unseen45_issues", "unseen46_issues",
                                           "unseen47_issues", "unseen48_issues", "unseen49_issues",
                                           "unseen50_issues", "unseen51_issues",
                                           "unseen52_issues", "unseen53_issues", "unseen54_issues",
                                           "unseen55_issues", "unseen56_issues", "unseen57_issues",
                                           "unseen58_issues", "unseen59_issues", "unseen60_issues"}
    round3 = pooled(figures.sources[name] for name in ("unseen3_issues", "unseen3_beats", "unseen3_lnav"))
    assert round3.benign_flagged <= 1
    assert sum(round3.correct.values()) >= 148  # of 149 failures (an OOM frame relabelled none)
    round4 = pooled(figures.sources[name] for name in ("unseen4_fixtures", "unseen4_issues"))
    assert round4.benign_flagged <= 1  # of 1,115 benign lines
    assert sum(round4.correct.values()) >= 180  # of 181 failures
    assert sum(round4.flagged.values()) <= 182
    # rounds 5 to 12: benign lines flagged (most), failures right (fewest), lines flagged (most); every invasive pattern
    # they flag is right but the named ones. Measured: round 5 2 of 1,391, 242 of 244, 244 (permission_denied 29/29,
    # port_conflict 15/15, disk_full 10/10, database_lock 23/23; 8 musl "Error relocating" lines relabelled
    # dependency_missing when round 9 was retired); round 6 5 of 1,086, 171 of 179, 179 (port_conflict 12/12,
    # permission_denied 10/10, disk_full 15/15, database_lock 15/15); round 7 2 of 1,056, 162 of 164, 166 (port_conflict
    # 19/19, permission_denied 12/12, disk_full 12/12, database_lock 15/15); round 8 2 of 1,020, 184 of 192, 187
    # (port_conflict 16/16, permission_denied 34/35, disk_full 8/8, database_lock 14/14: the one permission_denied flag
    # is Mosquitto's reasonless "Unable to open log file ... for writing." that the round-8 labeller read as
    # config_error once and as permission_denied five times); round 9 4 of 852, 176 of 177, 180 (port_conflict 11/11,
    # permission_denied 22/22, disk_full 9/10, database_lock 10/10: the one disk_full flag is Elasticsearch's
    # flood-stage warning on a disk with 9.9 % free, a macOS accounting bug to the round-9 labeller); round 10 11 of
    # 1,229, 254 of 273, 277 (port_conflict 21/22, permission_denied 35/35, disk_full 20/20, database_lock 24/24: the
    # one port_conflict flag is uWSGI's "Can't listen for client connections: [Errno 98] Address already in use" of a
    # debugger port every worker opens again, a benign duplicate to the round-10 labeller); round 11 5 of 1,464, 217 of
    # 217, 222 (port_conflict 17/17, permission_denied 55/55, disk_full 13/13, database_lock 16/16); round 12 9 of
    # 1,461, 201 of 213, 212 (port_conflict 22/22, permission_denied 38/39, disk_full 8/8, database_lock 12/12: the one
    # permission_denied flag is ntpd's "pid file 203.107.6.88: Permission denied", a -p option read as a PID-file path,
    # config_error to the round-12 labeller); round 13 8 of 1,260, 196 of 213, 210 (port_conflict 33/33,
    # permission_denied 14/15, disk_full 4/4, database_lock 3/3: the one permission_denied flag is a CephFS CSI "stat
    # ...: permission denied" its first labeller read as none and its second as permission_denied); round 14 12 of
    # 1,391, 180 of 209, 199 (port_conflict 7/7, permission_denied 10/10, disk_full 9/10, database_lock 6/6: the one
    # disk_full flag is RabbitMQ's "disk resource limit alarm set" of a limit its reporter set above the disk on
    # purpose). The kernel's OOM-report frames no longer flagged (README, Labels) lowered rounds 5, 6, 7 and 9's benign
    # counts.
    rounds = ((("unseen5_fail2ban", "unseen5_issues"), 2, 243, 245, {}),  # round 18's rules made one more line right
              (("unseen6_fixtures", "unseen6_issues"), 5, 171, 179, {}),
              (("unseen7_fixtures", "unseen7_issues"), 2, 162, 166, {}),
              # round 32's rules made one more line of round 8 right (Ceph's ceph_abort_msg)
              (("unseen8_fixtures", "unseen8_issues"), 2, 185, 188, {"permission_denied": 1}),
              (("unseen9_apps", "unseen9_k8s"), 4, 176, 180, {"disk_full": 1}),
              (("unseen10_issues",), 11, 254, 277, {"port_conflict": 1}),
              (("unseen11_issues",), 5, 217, 222, {}),
              (("unseen12_issues",), 9, 201, 212, {"permission_denied": 1}),
              (("unseen13_issues",), 8, 197, 211, {"permission_denied": 1}),
              (("unseen14_issues",), 12, 189, 208, {"disk_full": 1}),  # round 17's rules made one more line right
              (("unseen15_issues",), 5, 177, 182, {}),
              (("unseen16_issues",), 2, 229, 232, {}),
              (("unseen17_issues",), 4, 229, 234, {}),
              (("unseen18_issues",), 8, 222, 235, {}),  # round 32's ExecStop veto dropped one benign flag
              (("unseen19_issues",), 3, 224, 227, {}),
              (("unseen20_issues",), 3, 222, 227, {}),
              (("unseen21_issues",), 5, 229, 234, {}),
              (("unseen22_issues",), 5, 201, 209, {}),
              (("unseen23_issues",), 11, 208, 219, {}),
              # round 24: the SSM document worker's "failed to create channel: no space left on device" under its
              # inotify "add watch: no space left on device" (the watch limit, resource_exhaustion to the labeller):
              # the watch line is right now, the channel line names nothing but ENOSPC and stays disk_full
              (("unseen24_issues",), 7, 96, 111, {"disk_full": 2}),
              # round 31's rules made one more line right (a bare Killed), round 57's another (Factorio's missing token)
              (("unseen25_issues",), 19, 282, 319, {}))
    for names, most_benign, fewest_right, most_flagged, wrong_flags in rounds:
        part = pooled(figures.sources[name] for name in names)
        assert part.benign_flagged <= most_benign, names
        assert sum(part.correct.values()) >= fewest_right, names
        assert sum(part.flagged.values()) <= most_flagged, names
        for pid in INVASIVE:
            assert part.flagged[pid] - part.correct[pid] <= wrong_flags.get(pid, 0), (
                names, pid, format_report(figures))
    assert "retired sources" in format_report(figures)


def test_corpus_headers_and_excerpts(tmp_path: Path, classifier: Classifier) -> None:
    (tmp_path / "a.tsv").write_text(
        "# software: sshd, Apache httpd (error log, mod_jk), cron\n# split: unseen\n"
        "none\tNov 26 05:35:31 host sshd[812]: Server listening on :: port 22.\n"
        "# excerpt: a later stretch of the same file\n"
        "port_conflict\tNov 26 05:35:31 host sshd[812]: error: Bind to port 22 on 0.0.0.0 failed: "
        "Address already in use.\n")
    sources = load_sources(tmp_path)
    assert sources["a"].software == ("sshd", "Apache httpd (error log, mod_jk)", "cron")
    assert sources["a"].part == "unseen"
    lines = load_corpus(tmp_path)["a"]
    assert [(ln.block, ln.split) for ln in lines] == [(0, "unseen"), (1, "unseen")]
    # the excerpt boundary cuts the context: the bind failure is no longer read as sshd's dual-stack case
    figures = evaluate(classifier, load_corpus(tmp_path))
    assert figures["unseen"].correct["port_conflict"] == 1 and figures.sources["a"].lines == 2
    (tmp_path / "a.tsv").write_text("# split: retired (round 9: measured P 1.0 before tuning)\nnone\tok\n")
    assert [ln.split for ln in load_corpus(tmp_path)["a"]] == ["retired"]
    (tmp_path / "a.tsv").write_text("# split: dev\nnone\tok\n")
    with pytest.raises(CorpusError, match=r"a\.tsv:1: '# split:' must say 'unseen' or 'retired'"):
        load_corpus(tmp_path)


def test_hyperscan_agrees_with_python_re_on_the_corpus(classifier: Classifier) -> None:
    lines = [line.text for lines in load_corpus(CORPUS).values() for line in lines]
    assert classifier.verify(lines) == []


def test_corpus_errors_name_file_line_and_fix(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text("# header\nnone\tok\nport_conflct\tAddress already in use\n")
    with pytest.raises(CorpusError, match=r"a\.tsv:3: unknown label 'port_conflct'"):
        load_corpus(tmp_path)
    (tmp_path / "a.tsv").write_text("none no tab here\n")
    with pytest.raises(CorpusError, match=r"a\.tsv:1: expected LABEL<TAB>LINE"):
        load_corpus(tmp_path)
    (tmp_path / "a.tsv").unlink()
    with pytest.raises(CorpusError, match=r"no \*\.tsv"):
        load_corpus(tmp_path)


def test_a_second_labelling_is_scored_against_the_first(tmp_path: Path, classifier: Classifier) -> None:
    (tmp_path / "a.tsv").write_text(
        "none\tNov 26 05:35:31 host app[1]: started\n"
        "disk_full\tNov 26 05:35:32 host app[1]: write /var/lib/app/db: No space left on device\n"
        "service_dependency\tNov 26 05:35:33 host app[1]: dial tcp 10.0.0.8:5432: connect: connection refused\n"
        "none\tNov 26 05:35:34 host app[1]: GET /healthz 200\n")
    (tmp_path / "second").mkdir()
    # the second reader agrees on the full disk, calls the refusal a bare one and the health check a failure
    (tmp_path / "second" / "a.tsv").write_text(
        "# second labelling, by reading only\n0\tnone\n1\tdisk_full\n2\tconnection_refused\tno service named\n"
        "3\thealth_check_failure\n")
    corpus = load_corpus(tmp_path)
    [a] = agreement(classifier, corpus, load_second_labels(tmp_path, corpus))
    assert (a.second.correct["disk_full"], a.second.flagged["connection_refused"], a.second.benign_flagged) == (1, 1, 1)
    assert a.second.precision() == pytest.approx(1 / 3) and a.second.recall() == pytest.approx(1 / 2)
    # labels none, disk_full, service_dependency, none vs none, disk_full, connection_refused, health_check_failure
    assert a.kappa == pytest.approx((2 / 4 - (2 * 1 + 1 * 1) / 16) / (1 - (2 * 1 + 1 * 1) / 16))
    assert a.both.lines == 2 and a.classifier.lines == a.against_second.lines == 4
    assert a.both.correct["disk_full"] == 1  # the one failure both readers agree on is found
    assert "disagrees on 2" in format_agreement([a]) and "Cohen's kappa" in format_agreement([a])


def test_cohen_kappa() -> None:
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)
    assert cohen_kappa([("a", "a")] * 3) == 1.0  # one label only: nothing for chance to explain
    assert cohen_kappa([]) == 1.0


@pytest.mark.parametrize(("text", "error"), [
    ("0\tnone\n", r"second/a\.tsv: 1 line\(s\) of a\.tsv have no second label, e\.g\. index 1"),
    ("0\tnone\n0\tnone\n1\tnone\n", r"second/a\.tsv:2: line index 0 is labelled twice"),
    ("0\tnone\n2\tnone\n", r"second/a\.tsv:2: line index 2 is past the end of a\.tsv \(2 lines\)"),
    ("0\tnone\n1\tdisk_ful\n", r"second/a\.tsv:2: unknown label 'disk_ful'"),
    ("zero\tnone\n", r"second/a\.tsv:1: expected INDEX<TAB>LABEL"),
    ("0 none\n", r"second/a\.tsv:1: expected INDEX<TAB>LABEL"),
])
def test_second_labelling_errors_name_file_line_and_fix(tmp_path: Path, text: str, error: str) -> None:
    (tmp_path / "a.tsv").write_text("none\tok\nnone\tfine\n")
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "a.tsv").write_text(text)
    with pytest.raises(CorpusError, match=error):
        load_second_labels(tmp_path, load_corpus(tmp_path))
    (tmp_path / "second" / "a.tsv").rename(tmp_path / "second" / "b.tsv")
    with pytest.raises(CorpusError, match=r"second/b\.tsv: no corpus file b\.tsv"):
        load_second_labels(tmp_path, load_corpus(tmp_path))


def _patterns(classifier: Classifier, lines: list[str]) -> list[str | None]:
    return [lm.pattern if lm else None for lm in classifier.classify_lines(lines)]


def test_sshd_dual_stack_bind_is_not_a_port_conflict(classifier: Classifier) -> None:
    benign = ["Nov 26 05:35:31 host sshd[812]: Server listening on :: port 22.",
              "Nov 26 05:35:31 host sshd[812]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use."]
    assert _patterns(classifier, benign) == [None, None]
    # the same line alone, or after another process listened, is a real conflict
    assert _patterns(classifier, benign[1:]) == ["port_conflict"]
    other = [benign[0], benign[1].replace("sshd[812]", "sshd[901]")]
    assert _patterns(classifier, other) == [None, "port_conflict"]
    other_port = [benign[0].replace("port 22", "port 2222"), benign[1]]
    assert _patterns(classifier, other_port) == [None, "port_conflict"]


def test_retry_that_succeeded_is_over_but_exhausted_retries_are_not(classifier: Classifier) -> None:
    refused = "ERROR consumer: Cannot connect to amqp://guest:**@rabbitmq:5672//: [Errno 111] Connection refused."
    recovered = [refused, "Trying again in 2.00 seconds... (1/100)", "INFO Connected to amqp://guest:**@rabbitmq:5672//"]
    assert _patterns(classifier, recovered) == [None, None, None]
    assert _patterns(classifier, recovered[:2]) == ["service_dependency", None]
    exhausted = ["requests.exceptions.ConnectionError: HTTPConnectionPool(host='api', port=8080): Max retries exceeded "
                 "with url: / (Caused by NewConnectionError('x: Failed to establish a new connection: [Errno 111] "
                 "Connection refused'))", "INFO reconnected to api"]
    assert _patterns(classifier, exhausted)[0] == "connection_refused"


def test_list_formatted_lines_are_not_changelog(classifier: Classifier) -> None:
    assert classifier.classify_line("- 123 app: No space left on device").pattern == "disk_full"
    line = "- 1128170317 2005.10.01 host app[1]: open(\"/var/lib/app\") failed: Permission denied"
    assert classifier.classify_line(line).pattern == "permission_denied"
    for changelog in ("- 1234 Fix permission denied error on startup", " + 385651 Message 'Address already in use'",
                      "- #42 Fixed No space left on device", "- Fixed \"No space left on device\" (#1234)"):
        assert classifier.classify_line(changelog) is None, changelog


@pytest.mark.parametrize("line", [
    "klogind[4310]: Authentication failed from 163.27.187.39 (163.27.187.39): Permission denied in replay cache code",
    "sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
    "kernel: Sandbox: com.apple.Addres(31229) deny(1) network-outbound /private/var/run/mDNSResponder",
    'kernel: audit: type=1400 apparmor="DENIED" operation="open" profile="/usr/sbin/ntpd" name="/etc/ssl/x"',
    "ERROR 1045 (28000): Access denied for user 'app'@'10.0.0.5' (using password: YES)",
    'FATAL:  password authentication failed for user "app"',
])
def test_security_events_never_drive_fix_permissions(classifier: Classifier, line: str) -> None:
    assert classifier.classify_line(line) is None
    result = classifier.classify([line])
    assert result.pattern is None and result.signature is None  # a security event, not a failure to track


def test_sql_grant_is_no_file_permission_but_still_an_unknown_failure(classifier: Classifier) -> None:
    line = "ERROR:  permission denied for table orders"
    assert classifier.classify_line(line) is None
    result = classifier.classify([line])
    assert result.pattern is None and result.signature_id  # tracked for a human, never fixPermissions


def test_weak_evidence_alone_never_decides_an_invasive_pattern(classifier: Classifier) -> None:
    eperm = ("dnssd_clientstub ConnectToServer: connect() failed path:/var/run/mDNSResponder Errno:1 "
             "Operation not permitted")
    lm = classifier.classify_line(eperm)
    assert lm is not None and lm.pattern == "permission_denied" and not lm.strong  # shown, with its weakness
    assert classifier.classify([eperm]).pattern is None
    strong = "open() \"/var/www/index.html\" failed (13: Permission denied)"
    result = classifier.classify([strong, eperm])
    assert result.pattern == "permission_denied"
    assert {e.rule for e in result.evidence if e.pattern} >= {"permission_denied#0: EACCES text"}
    assert all(rx.strong == (rx.confidence >= library.STRONG_CONFIDENCE) or rx.note
               for p in library.PATTERNS for rx in p.regexes)


@pytest.mark.parametrize(("line", "expected"), [
    ("org.apache.hadoop.ipc.Client: Retrying connect to server: msra-sa-41:8030. Already tried 3 time(s); retry "
     "policy is RetryUpToMaximumCountWithFixedSleep(maxRetries=10, sleepTime=1000 MILLISECONDS)", "service_dependency"),
    ("RMContainerAllocator: ERROR IN CONTACTING RM. ", "service_dependency"),
    ("LeaseRenewer: Failed to renew lease for [DFSClient_1] for 70 seconds.  Will retry shortly ...",
     "service_dependency"),
    ("WARN  [WorkerSender[myid=1]:QuorumCnxManager@368] - Cannot open channel to 2 at election address "
     "/10.10.34.12:3888", "service_dependency"),
    ("ServerFileSystem: ServerFileSystem domain root14_local is full", "disk_full"),
    ("RAS KERNEL FATAL rts panic! - stopping execution", "process_crash"),
    ("com.apple.xpc.launchd[1] (com.apple.mdworker.32[1]): Service exited with abnormal code: 78", "process_crash"),
    ("chrome.exe - proxy.example:5070 error : Could not connect to proxy proxy.example:5070 - connection attempt "
     "failed with error 10061", "connection_refused"),
    ("Error: read ECONNRESET", "connection_refused"),
    ("ConnectionResetError: [Errno 104] Connection reset by peer", "connection_refused"),
])
def test_real_daemon_phrasings(classifier: Classifier, line: str, expected: str) -> None:
    lm = classifier.classify_line(line)
    assert lm is not None and lm.pattern == expected, lm


@pytest.mark.parametrize("line", [
    "sshd[4301]: Read error from remote host 10.0.0.5 port 51235: Connection reset by peer",
    "postgres[77]: LOG:  could not receive data from client: Connection reset by peer",
    "sshd[4300]: Connection reset by 10.0.0.5 port 51234 [preauth]",
    "nginx: *11 recv() failed (104: Connection reset by peer) while waiting for request, client: 10.0.0.5",
])
def test_client_side_noise_is_not_a_failure(classifier: Classifier, line: str) -> None:
    assert classifier.classify_line(line) is None


def test_detection_names_the_lines_and_rules_that_decided(classifier: Classifier) -> None:
    from controller.agent.logs import build_detection
    from controller.agent.model import Failure

    lines = ["Server listening on :: port 22.", "starting app",
             "Error: listen EADDRINUSE: address already in use :::3000"]
    failure = Failure.model_validate({"target_kind": "docker", "target_name": "web", "service_type": "docker",
                                      "container": "web", "reason": "ContainerDied", "source": "docker-events"})
    _, detection = build_detection(failure, lines, classifier.classify(lines))
    assert detection.pattern == "port_conflict"
    assert detection.evidence.matched_lines == [lines[2]]
    assert detection.evidence.matched_rules == ["line 3: port_conflict#0: EADDRINUSE text in every runtime"]


def test_an_event_that_is_a_failure_at_any_level_survives_the_info_level_veto(classifier: Classifier) -> None:
    """containerd logs a container's OOM as an info event; other lines at info/debug level are still no failure,
    and the documentation vetoes still drop the event."""
    oom = 'time="2024-11-26T05:35:31Z" level=info msg="TaskOOM event container_id:\\"4f1a2b3c4d5e\\""'
    lm = classifier.classify_line(oom)
    assert lm is not None and lm.pattern == "out_of_memory", lm
    assert classifier.classify_line('time="2024-11-26T05:35:31Z" level=info msg="dial tcp 10.0.0.7:80: connect: '
                                    'connection refused"') is None
    assert classifier.classify_line('{"level":"debug","msg":"retrying: No space left on device"}') is None
    assert classifier.classify_line('level=info msg="for example a TaskOOM event means the cgroup hit its limit"') \
        is None


def assert_classified_as(classifier: Classifier, line: str, expected: str | None) -> None:
    """The one check of every round's phrasing-family test (kept per round, so a failure names the round that taught
    the rule): the line's pattern, or None for a line that must not match."""
    lm = classifier.classify_line(line)
    assert (lm.pattern if lm else None) == expected, lm


# Round 3's lessons (its misses, retired and tuned on): one case per phrasing family, each with the benign lines of the
# same family that must not match (an attacker writes those to make the agent act on a healthy host).
@pytest.mark.parametrize(("line", "expected"), [
    # the kernel OOM killer's kill line without "Out of memory:" (2.6/3.x kernels), with or without UID
    ("Aug 18 03:19:11 h kernel: Killed process 7748 (python) total-vm:12907828kB, anon-rss:11500204kB, file-rss:0kB",
     "out_of_memory"),
    ("Mar  2 17:35:10 h kernel: [2858609.598568] Killed process 11726, UID 498, (mysqld) total-vm:7823732kB, "
     "anon-rss:2539268kB", "out_of_memory"),
    ("supervisord[1]: Killed process 1234 (worker) after the stop timeout", None),
    ("systemd[1]: app.service: Killing process 1234 (python) with signal SIGKILL.", None),
    # Redis forking for BGSAVE / BGREWRITEAOF: the host's memory; a shell's fork failure stays a process limit
    ("1255:M 14 Oct 03:00:46.069 # Can't save in background: fork: Cannot allocate memory", "out_of_memory"),
    ("1:M 10 May 18:42:33.089 # Can't rewrite append only file in background: fork: Cannot allocate memory",
     "out_of_memory"),
    ("bash: fork: Cannot allocate memory", "resource_exhaustion"),
    ("1:M 10 May 18:42:33.089 * Background saving started by pid 1234", None),
    # apt/dpkg's held lock; "are you root?" is a permission problem, not a lock to remove
    ("E: Unable to lock the administration directory (/var/lib/dpkg/), is another process using it?",
     "database_lock"),
    ("remote: E: Unable to lock the administration directory (/var/lib/dpkg/), are you root?", None),
    # a PID file left behind stops a start; a daemon that handles it itself, or a missing one, does not
    ("mbpfan: A previously created .pid file exists at: /var/run/mbpfan.pid. Aborting", "database_lock"),
    ("crond[88]: pid file /run/crond.pid already exists, exiting", "database_lock"),
    ("2024-11-26 05:35:31,123 INFO  Removed stale pid file /run/app.pid", None),
    ("pid file /run/nginx.pid exists, removing it and starting", None),
    ('pg_ctl: PID file "/var/lib/postgresql/data/postmaster.pid" does not exist', None),
    # a script saved with CRLF line endings is a file to convert, not a missing command
    ("/usr/src/app/entrypoint.sh: line 2: $'\\r': command not found", "config_error"),
    ("/usr/src/app/entrypoint.sh: line 3: cd: $'model/service/\\r': No such file or directory", "config_error"),
    ("/bin/sh: ./run.sh: /bin/bash^M: bad interpreter: No such file or directory", "config_error"),
    ("/entrypoint.sh: line 7: gunicorn: command not found", "dependency_missing"),
    ("+ printf $'a\\tb\\n'", None),
    # the JVM refusing its own options
    ("Unrecognized VM option 'UseConcMarkSweepGC'", "config_error"),
    ("opensearch  | Invalid -Xlog option '-Xlog:gc*:file=logs/gc.log', see error log for details.", "config_error"),
    ("Invalid maximum heap size: -Xmx10gb", "config_error"),
    ("[INFO ][o.e.n.Node] JVM arguments [-Xms1g, -Xmx1g, -Xlog:gc*,gc+age=trace:file=logs/gc.log]", None),
    # kubelet probes that errored, prober.go's form, an Unhealthy event whose message wrapped
    ("  Warning  Unhealthy  18m (x28 over 3h14m)  kubelet  Liveness probe errored: rpc error: code = DeadlineExceeded "
     "desc = context deadline exceeded", "health_check_failure"),
    ('kubelet[22333]: I0612 09:49:11.818095 22333 prober.go:142] Readiness probe for "web_default:web" failed '
     '(failure):', "health_check_failure"),
    ("65s         Warning   Unhealthy           pod/frontend-557f465b6f-xqz9q", "health_check_failure"),
    ('kubelet[22333]: I0612 09:49:11.818080 22333 prober.go:122] Liveness probe for "web_default:web" succeeded',
     None),
    ("  Normal   TurnHealthy  7m  kubelet  Readiness probe turn healthy again and the time of unhealthy is : 5s", None),
    # Docker Compose v2's status of a container that failed
    ("Container local-web-1                  Error ", "container_exit"),
    (" ✘ Container web-1  Error", "container_exit"),
    ("Container local-web-1                  Started", None),
    ("Container web-1  Error while reading the status page of the app", None),
    # Go dialling a daemon's unix socket; clients that name the database; refusals padded by a terminal
    ("Get http://journal/entries?follow: dial unix /run/journald.sock: connection refused", "service_dependency"),
    ("Cannot connect: dial unix /var/run/docker.sock: connect: no such file or directory", "service_dependency"),
    ("taiga_1     | Failed to connect to database server or database does not exist.", "service_dependency"),
    ("taiga_1     | psycopg2.OperationalError: could not connect to server: Connection                   refused",
     "service_dependency"),
    ("<28>(mv)[571]: x.service: Failed to connect stdout to the journal socket, ignoring: Connection   refused", None),
    ("app[1]: listening on unix /run/app.sock", None),
    # older systemd: lower-case start limit, systemctl status without the status name
    ("systemd[1]: callblockerd.service start request repeated too quickly, refusing to start.", "process_crash"),
    ("  Process: 1407 ExecStart=/usr/bin/callblockerd (code=exited, status=127)", "dependency_missing"),
    (" Main PID: 1407 (code=exited, status=127)", "dependency_missing"),
    ("  Process: 6024 ExecStartPre=/usr/sbin/nginx -t -q (code=exited, status=1)", "process_crash"),
    ("    Process: 13863 ExecStart=/usr/local/sbin/gw start (code=exited, status=0/SUCCESS)", None),
    # gunicorn's arbiter halting because its worker cannot boot
    ("gunicorn.errors.HaltServer: <HaltServer 'Worker failed to boot.' 3>", "process_crash"),
    ("[2024-03-11 09:26:13 +0000] [7] [INFO] Reason: Worker failed to boot.", "process_crash"),
    ("[2024-10-17 17:44:34 +0000] [22] [INFO] Booting worker with pid: 22", None),
    # a traceback header says a traceback follows, not what failed (a handled exception logs one too)
    ("Traceback (most recent call last):", None),
    ("taiga_1     | Traceback (most recent call last):", None),
])
def test_round3_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 4's lessons (its misses, retired and tuned on): one case per phrasing family, each with the benign lines of the
# same family that must not match.
@pytest.mark.parametrize(("line", "expected"), [
    # an errno after OCaml/vpnkit's "Failure" (Docker Desktop publishing a port)
    ("Error starting userland proxy: Bind for 0.0.0.0:80: unexpected error (Failure EADDRINUSE)", "port_conflict"),
    ("retry_on_failure = [EADDRINUSE, ECONNREFUSED]", None),
    # MongoDB's shard/config server ports name the dependency like 27017 does
    ("failed to connect to server [127.0.0.1:27018] on first connect [[Error: connect ECONNREFUSED 127.0.0.1:27018",
     "service_dependency"),
    ("Error: connect ECONNREFUSED 127.0.0.1:27180", "connection_refused"),
    # a JVM OutOfMemoryError logged by its message alone (Jetty), at the end of the line
    ("2015-12-09 23:37:21.180:WARN::pool-1-thread-10: Java heap space", "out_of_memory"),
    ("2015-12-09 23:37:21.180:WARN::pool-1-thread-10: GC overhead limit exceeded", "out_of_memory"),
    ("INFO Max Java heap space: 512 MB", None),
    ("INFO JMX memory pool: Metaspace", None),
    ("JAVA_OPTS sets the Java heap space: -Xmx2g for the workers", None),
    # MongoDB drivers' pool connection that timed out
    ("MongoNetworkError: connection 0 to localhost:27017 timed out", "network_timeout"),
    ("connection 4 to localhost:27017 closed", None),
    # older systemd's lower-case "main process exited"; systemd PID 1's crash handler; gdb opening a core
    ("systemd[1]: iot.service: main process exited, code=dumped, status=11/SEGV", "process_crash"),
    ("systemd[1]: app.service: main process exited, code=exited, status=2/INVALIDARGUMENT", "process_crash"),
    ("systemd[1]: app.service: main process exited, code=exited, status=0/SUCCESS", None),
    ("systemd[1]: app.service: main process exited, code=killed, status=15/TERM", None),
    ("Caught <SEGV>, core dump failed (child 770, code=killed, status=11/SEGV).", "process_crash"),
    ("systemd[1]: Caught <ABRT>, dumped core as pid 3315.", "process_crash"),
    ("systemd[1]: Caught <INT> from our own process.", None),
    ("Core was generated by `/usr/lib/systemd/systemd --show-status=1'.", "process_crash"),
    ("The core was generated by a test harness on purpose", None),
    # gunicorn's arbiter: a worker that exited non-zero is a process crash, not a container exit
    ("[2023-11-23 14:43:47 +0000] [1] [ERROR] Worker (pid:7) exited with code 3", "process_crash"),
    ("[2023-11-23 14:43:47 +0000] [1] [INFO] Worker exiting (pid: 7)", None),
    ("[2023-11-23 14:43:47 +0000] [1] [INFO] Worker (pid:7) exited with code 0", None),
    # Java's uncaught-exception header names a package-qualified class; two headers printed into each other do not
    ('Exception in thread "main" java.lang.IllegalStateException: boom', "process_crash"),
    ('Exception in thread "main" Exception in thread "pool-1-thread-84"', None),
    # nginx loading a configured path that is a directory; a request for a directory is the client's
    ('nginx: [emerg] open() "/usr/local/var/log/nginx" failed (21: Is a directory)', "config_error"),
    ('2024/01/02 10:00:00 [error] 7#7: *3 open() "/usr/share/nginx/html/img" failed (21: Is a directory), '
     'client: 10.0.0.5, server: _, request: "GET /img HTTP/1.1"', None),
    # a module path with an empty first part is an unset setting; a missing module is still a dependency
    ("ModuleNotFoundError: No module named '.wsgi'", "config_error"),
    ("ModuleNotFoundError: No module named 'flask'", "dependency_missing"),
    # Python command-line parsers refusing the service's arguments
    ("gunicorn: error: no such option: -k", "config_error"),
    ("app.py: error: unrecognized arguments: --prot 8080", "config_error"),
    ("usage: gunicorn [OPTIONS] [APP_MODULE]", None),
    ("argparse reports 'error: unrecognized arguments' when a flag is unknown", None),
    # Node.js's error object field, like code: 'ECONNREFUSED'; source code comparing it is no failure
    ("  code: 'MODULE_NOT_FOUND',", "dependency_missing"),
    ('{"code":"MODULE_NOT_FOUND","requireStack":["/app/server.js"]}', "dependency_missing"),
    ("    if (err.code === 'MODULE_NOT_FOUND') {", None),
    # the kubelet's back-off with its delay, also as a list item; its Killing event after a failed probe
    ("- Error: back-off 5m0s restarting failed container=opa pod=opa-849dcb7499-9chrt_opa(7f80)", "container_exit"),
    ("back-off 10s restarting failed container=web pod=web-1_default(1e88)", "container_exit"),
    ("  Normal   BackOff    3s   kubelet  Back-off pulling image \"nginx:latst\"", None),
    ("  Normal   Killing    11s  kubelet  Container web failed liveness probe, will be restarted",
     "health_check_failure"),
    ("  Normal   Killing    11s  kubelet  Stopping container web", None),
    # rsync's summary after each bind failed: weak alone (see the context test), shown by classify_line
    ("2011/02/22 21:54:11 [9277] unable to bind any inbound sockets on port 873", "port_conflict"),
    ("2011/02/22 21:53:38 [9219] rsyncd version 2.6.9 starting, listening on port 873", None),
    # sftp-server telling a client the status of its request; PAM skipping a module it cannot load
    ("Aug 19 02:20:14 upload sftp-server[22530]: sent status Permission denied", None),
    ("Aug 19 02:20:14 upload sftp-server[22530]: error: open \"/srv/up/x\": Permission denied", "permission_denied"),
    ("Aug 19 02:16:39 upload sshd[22479]: PAM [dlerror: /lib/security/pam_krb5.so: cannot open shared object file: "
     "No such file or directory]", None),
    ("Aug 19 02:16:39 upload sshd[22479]: PAM unable to dlopen(/lib/security/pam_krb5.so)", None),
    ("/usr/sbin/sshd: error while loading shared libraries: libpam.so.0: cannot open shared object file: "
     "No such file or directory", "dependency_missing"),
    # PostgreSQL: a session's SHOW/SET of an unknown parameter; the server's configuration file is the error
    ('2019-07-23 12:06:33.732 UTC [44] ERROR:  42704: unrecognized configuration parameter "config_filel"', None),
    ('2019-07-23 12:06:33.732 UTC [44] ERROR:  unrecognized configuration parameter "foo"', None),
    ('2024-11-26 05:35:31.123 UTC [1] LOG:  unrecognized configuration parameter "shared_bufers" in file '
     '"/etc/postgresql/16/main/postgresql.conf" line 127', "config_error"),
])
def test_round4_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 5's lessons (its misses and false flags, retired and tuned on): one case per phrasing family, each with the
# benign lines of the same family that must not match (or, for a veto, the program's own failure that still matches).
@pytest.mark.parametrize(("line", "expected"), [
    # Docker's userland proxy naming the errno after "Failed to bind:"; a setting listing it is no failure
    ("Error starting userland proxy: Failed to bind: EADDRINUSE", "port_conflict"),
    ("retry_on = [EADDRINUSE]", None),
    # PostgreSQL's DETAIL/HINT lines of a data directory with the wrong mode or owner
    ("2020-11-16 16:23:25.801 UTC [51] DETAIL: Permissions should be u=rwx (0700) or u=rwx,g=rx (0750).",
     "permission_denied"),
    ("2014-09-22 19:34:14 UTC HINT:  The server must be started by the user that owns the data directory.",
     "permission_denied"),
    ("initdb: fixing permissions on existing directory /var/lib/postgresql/data ... ok", None),
    ('2024-11-26 05:35:31.123 UTC [1] HINT:  Future log output will appear in directory "log".', None),
    # a storage lock another process holds: its own words, or EAGAIN while opening/locking the storage
    ('level=error ts=2017-12-15T10:46:23Z caller=main.go:323 msg="Opening storage failed" err="open DB in data/: '
     'Locked by other process"', "database_lock"),
    ('time="2016-04-28T03:55:26Z" level=error msg="Error opening memory series storage: resource temporarily '
     'unavailable" source="main.go:139"', "database_lock"),
    ("opened storage; DB lock acquired, no other process holds it", None),
    ("read udp 10.0.0.5:41234->10.0.0.2:53: read: resource temporarily unavailable", None),
    # the 5.x kernel's OOM kill line (UID after the name); a supervisor's kill has no total-vm
    ("Nov 30 10:16:57 h kernel: Killed process 799153 (node), UID 1000, total-vm:606096kB, anon-rss:68308kB",
     "out_of_memory"),
    ("Killed process 1234 (node), UID 1000, after the stop timeout", None),
    # systemd-coredump storing a core; its clean-up is no crash
    ("systemd-coredump[2289464]: Process 471 (systemd-journal) of user 0 dumped core.", "process_crash"),
    ("systemd-coredump[2289464]: Coredump diverted to /var/lib/systemd/coredump/core.systemd-journal.0.1b47.zst",
     "process_crash"),
    ("systemd-coredump[1]: Removed old coredump core.app.0.1b47.zst.", None),
    # exit status 127 in words; status 0 is none, Compose's "exited with code 127" stays a container exit
    ("*** /container/run/startup/slapd failed with status 127", "dependency_missing"),
    ("DEBUG   [U=1,P=2]Master()   Child exited with exit status 127", "dependency_missing"),
    ("DEBUG   [U=1,P=2]Master()   Child exited with exit status 0", None),
    ("web_1 exited with code 127", "container_exit"),
    # musl's loader; its relocation errors name the same failure (labelled none in round 5, relabelled
    # dependency_missing by the continuation-line convention when round 9 was retired)
    ("Error loading shared library libstdc++.so.6: No such file or directory (needed by /usr/local/bin/h2o)",
     "dependency_missing"),
    ("Error relocating /usr/local/bin/h2o: _Znam: symbol not found", "dependency_missing"),
    # python -m with a module that is not installed; the interpreter's help text is no failure
    ("/usr/local/bin/python: No module named local_tuya", "dependency_missing"),
    ("-m mod : run library module as a script (terminates option list)", None),
    # docker inspect's exit code, also unquoted
    ("ExitCode:137,", "container_exit"),
    ("ExitCode:0,", None),
    # clients naming the server or database they cannot reach
    ("WARN s.c.c.HttpHostConnectionSlot - Connection attempt to localhost:9091 failed in response to GET request to "
     "/status with 5 retries left, retrying...", "service_dependency"),
    ("INFO Connection attempt to localhost:9091 succeeded", None),
    ('{"level":"ERROR","msg":"Cannot start node","error":"failed to get db connection: pq: the database system is '
     'starting up"}', "service_dependency"),
    ("got db connection from the pool in 3 ms", None),
    # vetoes: a login's PAM verdict, Dovecot ending a client's session, a relay's client flow, df skipping a mount,
    # a traceback header at the end of a line, a goroutine header, libpq's IPv6 echo; the same programs' own
    # failures still match
    ("dovecot[24941]: auth-worker(30165): pam(user@example.com,192.0.2.6): pam_authenticate() failed: "
     "Permission denied", None),
    ("dovecot: imap(user): Error: open(/var/mail/user) failed: Permission denied (euid=1000)", "permission_denied"),
    ("dovecot: imap-login: Disconnected: Connection closed: read(size=1003) failed: Connection reset by peer "
     "(auth failed, 1 attempts in 0 secs): user=<test@example.com>, rip=192.0.2.4", None),
    ("dovecot: pop3-login: Disconnected (no auth attempts in 4 secs): user=<>, rip=192.0.2.7, TLS handshaking: "
     "SSL_accept() syscall failed: Connection reset by peer", None),
    ("dovecot: auth-worker: Error: mysql(localhost): Connect failed to database (mail): Can't connect to local "
     "MySQL server through socket '/run/mysqld/mysqld.sock' (111)", "service_dependency"),
    ("ERROR inbound/redirect[redirect-in]: process connection from 147.0.0.1:62376: dial tcp 116.0.0.1:143: "
     "connect: connection refused", None),
    ("[INFO] [src:10.0.0.5:55570] [dst:1.1.1.1:53] [error:dial tcp 1.1.1.1:53: i/o timeout] TCP error", None),
    ("dial tcp 10.0.0.9:8080: connect: connection refused", "connection_refused"),
    ("df: /data/docker/overlay2/5a26/merged/sys/fs/cgroup/memory: Permission denied", None),
    ("mkdir: cannot create directory '/data/x': Permission denied", "permission_denied"),
    ("[2025-07-02 11:41:23,241] [ERROR] Uncaught exception: Traceback (most recent call last):", None),
    ("[2025-07-02 11:41:23,241] [ERROR] Uncaught exception: ValueError: boom", "process_crash"),
    ("goroutine 2972 [running]:", None),
    ("panic: runtime error: invalid memory address or nil pointer dereference", "process_crash"),
    ("could not connect to server: Cannot assign requested address", None),
    ("listen tcp 192.168.6.143:8080: bind: cannot assign requested address", "config_error"),
])
def test_round5_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 6's lessons (its misses and false flags, retired and tuned on): one case per phrasing family, each with the
# benign lines of the same family that must not match (or, for a veto, the program's own failure that still matches).
@pytest.mark.parametrize(("line", "expected"), [
    # EMFILE in words; a setting or a count of descriptors is no failure
    ("E1123 07:31:16.653069 17167 AsyncServerSocket.cpp:808] accept failed: out of file descriptors; entering accept "
     "back-off state", "resource_exhaustion"),
    ("worker ran out of fds, raising the limit", "resource_exhaustion"),
    ("max open file descriptors: 1048576", None),
    # ENOSPC in words; advice about disk space is no failure
    ("2021-11-08T15:47:07.890167Z 1 [ERROR] [MY-012267] [InnoDB] Could not set the file size of './ibtmp1'. Probably "
     "out of disk space", "disk_full"),
    ("Check free disk space regularly to avoid running out of disk space", None),
    ("the job never ran out of memory or disk", None),
    # an empty path setting and a configured output file in a missing directory
    ("2025-03-11 09:51:31 FileNotFoundError: [Errno 2] No such file or directory: ''", "config_error"),
    ("FileNotFoundError: [Errno 2] No such file or directory: 'data.csv'", None),
    ("[2023-07-24T14:20:03.983913] Error opening file for writing; filename='/var/log/messages', error='No such "
     "file or directory (2)'", "config_error"),
    ("Opened file for writing; filename='/var/log/messages'", None),
    ('level=fatal msg="Shutting down due to ServeAPI error: No sockets found"', "config_error"),
    ("systemd: Listening on Docker Socket for the API.", None),
    # systemd PID 1 catching a fatal signal; a unit's process getting SIGTERM is no crash of systemd
    ("Jul 23 23:20:54 h systemd[1]: Caught <SEGV> from PID 1718512013.", "process_crash"),
    ("Jul 23 23:20:54 h systemd[1]: Received SIGTERM from PID 1 (systemd).", None),
    # a pre-fork master's worker that died; a worker that exited on request is no crash
    ("2014-04-28 14:46:43 [Master]    [PoolSpanwer] Fork 0 died, spawning replacement worker...", "process_crash"),
    ("worker 3 exited normally after 1000 requests", None),
    # a CI runner's failed job with its exit code; a job that passed is none
    ("gitlab-runner[1701482]: WARNING: Job failed: exit code 137", "container_exit"),
    ("gitlab-runner[1701482]: Job succeeded", None),
    ("Job failed: exit code 0", None),
    # the probe's verdict wins over what the probe saw (a pod named after a broker); readiness waits that ran out of
    # time; a wait that ended in readiness is none
    ("23m Warning Unhealthy pod/kafka-2 Readiness probe failed: dial tcp 10.244.0.69:9071: connect: connection refused",
     "health_check_failure"),
    ("org.testcontainers.containers.ContainerLaunchException: Timed out waiting for log output matching "
     "'.*database system is ready to accept connections.*'", "health_check_failure"),
    ("00:16:07  FAIL: Kubernetes DNS did not become ready in time", "health_check_failure"),
    ("Waiting for log output matching '.*ready.*'", None),
    ("Kubernetes DNS became ready in 12 s", None),
    # nginx on any failed connect to an upstream, and marking an upstream down
    ("2020/06/01 08:53:59 [error] 32197#32197: *6552 connect() to [2606:4700:3030::681c:31a]:8080 failed (101: Network "
     "is unreachable) while connecting to upstream, client: 96.75.63.10", "service_dependency"),
    ("[warn] 368292#368292: *611 upstream server temporarily disabled while connecting to upstream, client: "
     "109.43.49.225", "service_dependency"),
    ("[notice] 1#1: upstream server 127.0.0.1:7867 is back up", None),
    # Node.js's timeouts: the code first, got's phases
    ("ETIMEDOUT: ETIMEDOUT", "network_timeout"),
    ("RequestError: Timeout awaiting 'request' for 15000ms", "network_timeout"),
    ("retry on ETIMEDOUT, ECONNRESET", None),
    # vetoes: a rule-based proxy dialling a client's destination, an IPv6 socket without IPv6, an exec into a container;
    # the same failures of the process itself still match
    ('time="2020-03-10T06:24:32Z" level=warning msg="dial 🎯 全球直连 error: dial tcp4 123.120.104.7:6800: '
     'i/o timeout"', None),
    ("dial tcp 10.0.0.9:5432: i/o timeout", "network_timeout"),
    ("2018-08-14 05:16:31 UTC [21-1] LOG:  could not bind IPv6 socket: Cannot assign requested address", None),
    ("listen tcp 192.168.6.143:8080: bind: cannot assign requested address", "config_error"),
    ('error="failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start '
     'container process"', None),
    ("docker: Error response from daemon: OCI runtime create failed: container_linux.go:349", "container_exit"),
])
def test_round6_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 7's lessons, one rule per class that holds across software (docs/patterns.md, "What round 7 taught"): each
# class with true cases and the benign look-alikes of the same class that must not match.
@pytest.mark.parametrize(("line", "expected"), [
    # a supervisor or runner reporting its child's exit or fatal signal
    ("pier: work exit: status 0, signal 6", "process_crash"),
    ("rspamd_cld_handler: normal process 29417 terminated abnormally by signal: 11 but NOT created core file",
     "process_crash"),
    ("pier: work exit: status 0, signal 15", None),
    ("dbus-daemon[3369]: Activated service 'org.freedesktop.systemd1' failed: Process org.freedesktop.systemd1 exited "
     "with status 1", "process_crash"),
    ("dbus-daemon[3369]: Process org.freedesktop.systemd1 exited with status 0", None),
    ("  | Error: The command exited with status 100", None),
    ("##[error]Exit code 137 returned from process: file name '/vsts/agent/externals/node/bin/node'", "process_crash"),
    ("Exit code 0 returned from process: file name '/usr/bin/docker'", None),
    ("[18:45:05.143][DataKit        ][Error  ] Process died", "process_crash"),
    ("the process has not died yet, waiting", None),
    ("abrt[44460]: Saved core dump of pid 44314 (/usr/local/bin/app) to /var/spool/abrt/ccpp-2017-12-10 (1554 bytes)",
     "process_crash"),
    ("abrt[44460]: core dump size limit is 0, not saving", None),
    ("  SIGABRT: abort", "process_crash"),
    ("SIGSEGV: segmentation violation", "process_crash"),
    ("SIGQUIT: quit", None),
    ("the handler for SIGABRT: abort the job", None),
    # a client's view of a peer (a D-Bus error reply): the peer logs its own failure
    ("gsd-sharing[2645]: Failed to StopUnit service: GDBus.Error:org.freedesktop.DBus.Error.Spawn.ChildExited: Process "
     "org.freedesktop.systemd1 exited with status 1", None),
    # a severity column at info/debug: dropped unless the line calls something an error or a failure
    ('[10:43:37.033][ApiProxy       ][Info   ] time="2018-07-23T10:43:37+05:30" msg="i/o timeout"', None),
    ("13:16:11 [INFO] survival > Caused by: org.yaml.snakeyaml.scanner.ScannerException: while scanning a simple key",
     None),
    ('2015-10-29T21:00:01Z [INFO] Error from tcs; backing off module="tcs handler" err="dial tcp 54.239.21.73:443: i/o '
     'timeout"', "network_timeout"),
    ("[Debug]2020/07/30 10:39:57 dial 127.0.0.1:6030 fail: dial tcp 127.0.0.1:6030: i/o timeout", "network_timeout"),
    ("[2024-03-11 09:26:13 +0000] [7] [INFO] Reason: Worker failed to boot.", "process_crash"),
    ('[10:43:37.033][ApiProxy       ][Error  ] msg="i/o timeout"', "network_timeout"),
    # an errno or return code as a number (EAGAIN is 11), or the reason in the system's language
    ("ERROR; return code from pthread_create() is 11", "resource_exhaustion"),
    ("2024-07-25 01:58:05.044 JST [3782167] LOG:  failed on pthread_create: リソースが一時的に利用できません",
     "resource_exhaustion"),
    ("return code from pthread_create() is 0", None),
    ("pthread_create() returned 0, worker 11 started", None),
    # OOM in words, hyphenated
    ("python-kernel: Out-of-memory detected!", "out_of_memory"),
    ("python-kernel: detected potentially oom-killed process:", "out_of_memory"),
    ("the out-of-memory handler is enabled", None),
    # EADDRINUSE in words with the listen address itself
    ("memcached[32527]: 0.0.0.0:11211 already in use", "port_conflict"),
    ("memcached[32527]: :::11211 already in use", "port_conflict"),
    ("the name 'web:v2' already in use", None),
    ("slot 3 already in use", None),
    ("useradd: UID/GID 1000:1000 already in use", None),
    ("[::]:8080 is already in use", "port_conflict"),
    # EPERM on this process's own file operation (strong); EPERM of a connect stays weak
    ('LOG:  could not write to file "postmaster.pid": Operation not permitted', "permission_denied"),
    ('initdb: could not change permissions of directory "/var/lib/postgresql/10/main": Operation not permitted',
     "permission_denied"),
    ("connect() failed: Operation not permitted", "permission_denied"),
    # YAML parsers' messages, wherever the caller prints them
    ("[2025-07-02 01:56:05] ERROR: RouteRecorder Init failed: while scanning a simple key", "config_error"),
    ("org.bukkit.configuration.InvalidConfigurationException: while parsing a block mapping", "config_error"),
    ("while scanning the network for peers", None),
    # systemd's exit statuses that name a unit setting it cannot apply; EXIT_FAILURE stays a crash
    ("systemd[1]: emonhub.service: Control process exited, code=exited, status=217/USER", "config_error"),
    ("systemd[1]: app.service: Main process exited, code=exited, status=200/CHDIR", "config_error"),
    ("systemd[1]: app.service: Main process exited, code=exited, status=1/FAILURE", "process_crash"),
    # exit code 127 in words (YARN); Compose's "exited with code 127" stays a container exit
    ("Container exited with a non-zero exit code 127", "dependency_missing"),
    ("web_1 exited with code 127", "container_exit"),
    # a client naming the daemon it needs
    ("[10:43:37.322][DockerDaemonChecker][Error  ] Docker daemon is not running", "service_dependency"),
    ("checking whether the docker daemon is running", None),
    # a source line quoted in a traceback; the exception line carries the pattern
    ("   raise ReadTimeoutError(self._pool, None, 'Read timed out.')", None),
    ("pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): "
     "Read timed out.", "network_timeout"),
])
def test_round7_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 8's lessons, one rule per class that holds across software (docs/patterns.md, "What round 8 taught"): each
# class with true cases and the benign look-alikes of the same class that must not match. The lines are written in
# each class's phrasing (other software, hosts, ports and paths than round 8's), not copied from round 8.
@pytest.mark.parametrize(("line", "expected"), [
    # Erlang/OTP terms name their error atom
    ("emqx: {shutdown,{failed_to_start_child,listener,{listen_error,{tcp,{0,0,0,0},1883},eaddrinuse}}}",
     "port_conflict"),
    ("couchdb: {error,{badmatch,{error,eaddrinuse}}}", "port_conflict"),
    ("ejabberd: inet options: [{reuseaddr,true},{eaddrinuse_retries,3}]", None),
    ("ERROR: distribution port 25672 in use by another node: ejabberd@host1", "port_conflict"),
    ("exit with reason {dist_port_already_used,4370,\"couch\",\"db1\"} in context start_error", "port_conflict"),
    ("the distribution port 25672 is used by this node", None),
    ("[error] Error when reading /opt/couchdb/.erlang.cookie: eacces", "permission_denied"),
    ("{error,{file_error,\"/var/lib/emqx/data\",eacces}}", "permission_denied"),
    ("eacces_retry_count=3", None),
    # a runtime's fatal start-up: the VM halting, its crash dump, a server's "Fatal error during X startup"
    ("Kernel pid terminated (application_controller) ({application_start_failure,emqx,{bad_return,x}})",
     "process_crash"),
    ("couchdb | Runtime terminating during boot (terminating)", "process_crash"),
    ("Crash dump is being written to: /opt/couchdb/erl_crash.dump...done", "process_crash"),
    ("[2024-01-02 10:00:00,000] ERROR [ZooKeeperServer] Fatal error during ZooKeeperServer startup", "process_crash"),
    ("ERROR Shutdown broker because all log dirs in /data have failed (kafka.log.LogManager)", "process_crash"),
    ("INFO Shutting down the server because of a SIGTERM", None),
    ("erl_crash.dump: kept 3 old dumps", None),
    ("INFO kernel pid 42 started", None),
    # a process that ended unexpectedly (service managers, the runtime itself), Windows Error Reporting
    ("Service Control Manager: The Print Spooler service terminated unexpectedly.  It has done this 2 time(s).",
     "process_crash"),
    ("ERROR: OpenSearch exited unexpectedly", "process_crash"),
    ("Faulting application name: w3wp.exe, version: 10.0.17763.1, time stamp: 0x5b73b14b", "process_crash"),
    ("faulting module ntdll.dll, version 6.1.7601.24545, fault address 0x000000000005314f", "process_crash"),
    ("the peer closed the connection unexpectedly, retrying", None),
    # a master's Fatal report of a killed child; a daemon's own watchdog
    ("dovecot: pop3: Fatal: master: service(pop3): child 1234 killed with signal 9", "process_crash"),
    ("nginx: worker process 1234 killed with signal 9 at reload", None),
    ("postfix/qmgr[1001]: fatal: watchdog timeout", "process_crash"),
    ("postfix/qmgr[1001]: warning: watchdog timeout is 18000s", None),
    # a supervisor's start-up notification that never came
    ("master: Error: service(lmtp): Initial status notification not received in 30 seconds, killing the process",
     "health_check_failure"),
    ("status notification received in 2 seconds", None),
    # a named check's verdict (Consul)
    ('agent: Check "web-ttl" missed TTL, is now critical', "health_check_failure"),
    ('agent: Check "service:web:1" HTTP request failed: Get http://10.0.0.5:8080/health: dial tcp 10.0.0.5:8080: i/o '
     'timeout', "health_check_failure"),
    ('agent: Check "service:web:1" is passing', None),
    # EPERM/permission denied on a network send or on mknod: no file mode to fix
    ("named[711]: permission denied resolving 'example.org/AAAA/IN': 2001:db8::53#53", None),
    ("unbound[1:0] error: sendto failed: Operation not permitted", None),
    ("cp: cannot create special file '/chroot/dev/zero': Operation not permitted", None),
    ("mknod: /srv/chroot/dev/null: Operation not permitted", None),
    ("cp: cannot create regular file '/etc/app/app.conf': Permission denied", "permission_denied"),
    # a file's mode or owner the program refuses, a directory it cannot write, a write-open refused with no reason
    ('"Cookie file /home/app/.erlang.cookie must be accessible by owner only"', "permission_denied"),
    ("Permissions 0644 for '/home/u/.ssh/id_rsa' are too open.", "permission_denied"),
    ("status=deferred (cannot update mailbox /var/mail/bob for user bob. destination /var/mail/bob is not owned by "
     "recipient)", "permission_denied"),
    ("the working directory is not writable", "permission_denied"),
    ("Error: Unable to open log file /var/log/broker/broker.log for writing.", "permission_denied"),
    ("Error: Unable to open log file /var/log/broker/broker.log for writing: No such file or directory",
     "config_error"),
    ("checking whether the cache directory is writable", None),
    ("the repository is not owned by anyone", None),
    # EEXIST on a PID or lock file
    ("celery.platforms.LockFailed: [Errno 17] File exists: '/var/run/celery/worker.pid'", "database_lock"),
    ("FileExistsError: [Errno 17] File exists: '/data/output'", None),
    # a daemon's settings error that names the setting or the file
    ("master: Error: service(imap): listen(::, 993) failed: Address family not supported by protocol", "config_error"),
    ("master: Error: socket() failed: Address family not supported by protocol", "config_error"),
    ("chronyd[640]: Could not open IPv6 command socket : Address family not supported by protocol", None),
    ("master: Error: systemd listens on port 110, but it's not configured in Dovecot. Closing.", "config_error"),
    ("postfix/smtpd[1]: warning: hash:/etc/postfix/transport is unavailable. open database /etc/postfix/transport.db: "
     "No such file or directory", "config_error"),
    ("postfix/smtpd[1]: warning: btree:/var/lib/postfix/smtp_scache is unavailable. open database "
     "/var/lib/postfix/smtp_scache.db: File exists", None),
    ("named[4862]: loading configuration: file not found", "config_error"),
    ("dhcpd: configuring logging: permission denied", "permission_denied"),
    ("named[4862]: isc_stdio_open '/var/log/named/query.log' failed: file not found", "config_error"),
    ("named[4862]: loading configuration from '/etc/named.conf'", None),
    ("Error: Unable to open config file /etc/broker/broker.conf.", "config_error"),
    ("Fatal: unable to open config file: Stat: Get https://10.0.0.1:9000/b/?location=: dial tcp 10.0.0.1:9000: i/o "
     "timeout", "network_timeout"),
    ("Caused by: hudson.remoting.ConnectionRefusalException: Unknown client name: build-agent-7", "config_error"),
    # a named dependency the service hands work to or calls
    ("postfix/smtpd[26959]: warning: connect to proxy filter inet:[127.0.0.1]:10026: Connection refused",
     "service_dependency"),
    ("postfix/cleanup[1]: warning: connect to milter inet:127.0.0.1:8891: Connection refused", "service_dependency"),
    ("error: app: MQTT failed to connect, exiting... (connect ECONNREFUSED 10.0.0.7:1883)", "service_dependency"),
    ("  app:error 2020-01-01 10:00:00 Not connected to MQTT server!", "service_dependency"),
    ('[ERR] consul: "Catalog.ListNodes" RPC failed to server 10.0.0.2:8300: rpc error making call: EOF',
     "service_dependency"),
    ("java.io.IOException: Failed to connect to worker-3.example.lab:7337", "service_dependency"),
    ("java.io.IOException: Failed to connect to https://10.0.0.3:50000/tcpSlaveAgentListener/: Read timed out",
     "network_timeout"),
    # a CI job's own script failing is not the runner's container
    ("WARNING: Job failed: exit code 1                    duration=1m2s job=1 project=2 runner=abc,", None),
    ("WARNING: Job failed: exit code 137", "container_exit"),
])
def test_round8_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 9's lessons, one rule per class that holds across software (docs/patterns.md, "What round 9 taught"): each
# class with true cases and the benign look-alikes of the same class that must not match, written in the class's
# phrasing for other software, hosts and paths than round 9's.
@pytest.mark.parametrize(("line", "expected"), [
    # the dynamic loader unable to resolve a symbol (musl, also cut off after the symbol; glibc)
    ("Error relocating /usr/bin/envoy: __res_init: symbol not found", "dependency_missing"),
    ("Error relocating /opt/app/bin/server: fcntl64", "dependency_missing"),
    ("/usr/local/bin/node: symbol lookup error: /usr/local/bin/node: undefined symbol: uv_os_getpid",
     "dependency_missing"),
    ("Error relocating shard [logs][0] to node-2: shard is already allocated", None),
    ("relocating /var/lib/app to /data/app", None),
    # a container's command missing from its image (OCI runtimes, Docker); an empty command is a setting
    ("Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create "
     "failed: runc create failed: unable to start container process: exec: \"/docker-entrypoint.sh\": stat "
     "/docker-entrypoint.sh: no such file or directory: unknown", "dependency_missing"),
    ("Error response from daemon: Container command '/start.sh' not found or does not exist.", "dependency_missing"),
    ("OCI runtime create failed: runc create failed: unable to start container process: exec: \"\": executable file "
     "not found in $PATH: unknown", "config_error"),
    ('level=info msg="exec: \\"/healthcheck.sh\\" started"', None),
    # an OCI runtime refusing a mount onto a path of the wrong kind, whatever level an orchestrator logs it at
    ("OCI runtime create failed: runc create failed: unable to start container process: error during container init: "
     "error mounting \"/srv/app.conf\" to rootfs at \"/etc/app\": mount /srv/app.conf:/etc/app (via /proc/self/fd/6), "
     "flags: 0x5000: not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)?",
     "config_error"),
    ('time="2024-02-01T10:00:00Z" level=info msg="Pod failed: StartError (exit code 128): failed to create containerd '
     'task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container '
     'process: error during container init: mkdir /etc/app: not a directory: unknown"', "config_error"),
    ('time="2024-02-01T10:00:00Z" level=info msg="created /etc/app directory"', None),
    # Go's net package refusing a listen address that does not parse
    ('level=error msg="listen tcp: address 0.0.0.0:99999: invalid port"', "config_error"),
    ("Error: listen tcp: address :80:80: too many colons in address", "config_error"),
    ("msg=\"Listening on\" address=0.0.0.0:9100", None),
    # coreutils' EPERM on a file operation; a path or directory the program cannot write
    ("chown: changing ownership of '/var/lib/mysql/ibdata1': Operation not permitted", "permission_denied"),
    ("chmod: changing permissions of '/data/redis': Read-only file system", None),
    ("ERROR: /var/lib/ghost/content is not writable.", "permission_denied"),
    ("JENKINS_HOME='/var/jenkins_home' is not writable", "permission_denied"),
    ("check: /tmp is writable", None),
    ("FATAL: insufficient permissions on the data directory /var/lib/app", "permission_denied"),
    ("Insufficient permissions for this API token", None),
    ("checking permissions on data directory ... ok", None),
    # SQLite's lock errors; an exclusive file lock another process holds; InnoDB's retry of its data file lock
    ("[E] sync: database schema is locked: main", "database_lock"),
    ("failed to open store: sqlite3: locking protocol", "database_lock"),
    ("Could not get an exclusive lock on /data/index; it is in use by another process", "database_lock"),
    ("[ERROR] Cannot lock /var/lib/app/data.mdb for exclusive use, error: 11", "database_lock"),
    ("2024-01-01T10:00:00.000000Z 0 [Note] InnoDB: Retrying to lock the first data file", "database_lock"),
    ("acquired an exclusive lock on /data/index", None),
    ("the schema is locked for migrations by design", None),
    # the kernel's memory-cgroup OOM report naming the limit
    ("kernel: Task in /docker/4f3e2a1b killed as a result of limit of /docker/4f3e2a1b", "out_of_memory"),
    ("Task in /system.slice/cron.service completed", None),
    # the kubelet's eviction manager reclaiming disk; Elasticsearch's flood-stage block seen by a client; a layer that
    # cannot be extracted for lack of space (logged at info)
    ("W0301 10:00:00.000000  1234 eviction_manager.go:335] eviction manager: attempting to reclaim nodefs",
     "disk_full"),
    ("eviction manager: must evict pod(s) to reclaim memory", None),
    ("retrying failed action with response code: 403 ({\"type\"=>\"cluster_block_exception\", \"reason\"=>\"blocked "
     "by: [FORBIDDEN/12/index read-only / allow delete (api)];\"})", "disk_full"),
    ("blocked by: [FORBIDDEN/8/index write (api)]", None),
    ('time="2024-01-01T00:00:00Z" level=info msg="apply failure" error="failed to extract layer sha256:ab12: write '
     '/var/lib/containerd/tmpmounts/m1/usr/lib/libz.so.1: no space left on device"', "disk_full"),
    ('{"level":"debug","msg":"retrying: No space left on device"}', None),
    # an exit code that is 128 + a fatal signal; a Go runtime error a crash handler logs (not net/http's recovered one)
    ("npm ERR! command failed with exit code 134", "process_crash"),
    ("[ERROR] Worker (pid:812) was sent code 134!", "process_crash"),
    ("error Command failed with exit code 1.", None),
    ("query returned 139 rows", None),
    ('E0105 10:00:00.000000   1 runtime.go:79] Observed a panic: "index out of range [3] with length 3" (runtime '
     'error: index out of range [3] with length 3)', "process_crash"),
    ("2024/01/01 10:00:00 http: panic serving 10.0.0.9:51234: runtime error: invalid memory address or nil pointer "
     "dereference", None),
    # a datastore's own size quota (etcd)
    ('apiserver received an error: rpctypes.EtcdError{code:0x8, desc:"etcdserver: mvcc: database space exceeded"}',
     "resource_exhaustion"),
    ("memberID:8e9e05c52164694d alarm:NOSPACE", "resource_exhaustion"),
    ("--quota-backend-bytes=8589934592 (the database space quota)", None),
    # a proxy whose service has no endpoint; a client's call to a daemon's unix socket cut by the daemon
    ('Error: no endpoints available for service "metrics-server"', "service_dependency"),
    ('W0101 10:00:00.000000  7 controller.go:900] Service "shop/cart" does not have any ready endpoints',
     "service_dependency"),
    ("rpc error: code = Unavailable desc = error reading from server: read unix @->/var/run/crio/crio.sock: read: "
     "connection reset by peer", "service_dependency"),
    ('Service "default/api" has 3 active endpoints', None),
    # a health checker's own verdict, whatever its check saw
    ("E0101 00:00:00.000000   1 checker.go:41] healthcheck error: Get http://127.0.0.1:10254/healthz: dial tcp "
     "127.0.0.1:10254: connect: connection refused", "health_check_failure"),
    ('{"healthy": false, "error": "timeout"}', "health_check_failure"),
    ('{"healthy": true}', None),
    # curl's exit code 7; a word of a URL's path names no dependency
    ("curl: (7) Couldn't connect to server", "connection_refused"),
    ('Post "http://127.0.0.1:9000/api/backends": dial tcp 127.0.0.1:9000: connect: connection refused',
     "connection_refused"),
    ("redis: dial tcp 10.0.0.5:7000: connect: connection refused", "service_dependency"),
    # a numeric errno field on its own line (the code field carries the pattern)
    ("  errno: -111,", None),
    ("ERR! Redis Client Error!   errno: -111,", "service_dependency"),
    # klog's info level (the kubelet's probe verdicts at info still count); a StartError's exit code 128
    ("I0101 10:00:00.000000       1 server.go:200] Could not connect to D-Bus system bus: dial unix "
     "/run/dbus/system_bus_socket: connect: connection refused", None),
    ("E0101 10:00:00.000000       1 server.go:200] Could not connect to D-Bus system bus: dial unix "
     "/run/dbus/system_bus_socket: connect: connection refused", "service_dependency"),
    ('I0101 10:00:00.000000  2222 prober.go:107] "Probe failed" probeType="Liveness" pod="default/api-0" podUID=ab12 '
     'containerName="api" probeResult=failure output="HTTP probe failed with statuscode: 500"', "health_check_failure"),
    ("      Exit Code:    128", None),
    ("      Exit Code:    137", "container_exit"),
])
def test_round9_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 10's lessons, one rule per class that holds across software (docs/patterns.md, "What round 10 taught"): each
# class with true cases from several kinds of software and the benign look-alikes of the same class that must not match
# (settings, documentation, info lines, recovered retries), written for other software, hosts and paths than round 10's.
@pytest.mark.parametrize(("line", "expected"), [
    # a cluster member that reports no elected leader (Consul, Nomad, etcd clients, a Vault standby)
    ("2024/01/01 10:00:00 [ERR] agent: failed to sync remote state: No cluster leader", "service_dependency"),
    ('    2024-01-01T10:00:00.000Z [ERROR] nomad.client: error registering: error="rpc error: No cluster leader"',
     "service_dependency"),
    ('{"level":"warn","msg":"failed to put key","error":"etcdserver: no leader"}', "service_dependency"),
    ("[ERROR] core: error during forwarded RPC request: error=\"local node not active but active cluster node not "
     "found\"", "service_dependency"),
    ("2024/01/01 10:00:00 [INFO] consul: New leader elected: server-1", None),
    ("raft: election won, tally: 2, term: 5; this node is now the cluster leader", None),
    # a peer heartbeat that got no reply (Ceph OSDs, cluster members); a server closing a client that missed heartbeats
    ("2024-01-01 10:00:00.000 7f00 -1 osd.1 52 heartbeat_check: no reply from 10.0.0.7:6804 osd.5 since back "
     "2024-01-01 09:59:40.0", "service_dependency"),
    ("WARN  cluster: no heartbeat response from node db-2 in 15s", "service_dependency"),
    ("closing AMQP connection <0.1234.0> (10.0.0.9:51000 -> 10.0.0.2:5672): missed heartbeats from client, timeout: "
     "60s", None),
    ("heartbeat_interval = 5s (a peer with no reply for 20s is marked down)", None),
    # a server's own database unreachable, in its words (Zabbix, Keycloak/Hibernate pools, Agroal, the JDBC driver)
    ("  2345:20240101:100000.000 database is down: reconnecting in 10 seconds", "service_dependency"),
    ("  2345:20240101:100000.000 Cannot connect to the database. Exiting...", "service_dependency"),
    ("ERROR [org.keycloak.services] (main) KC-SERVICES0010: Failed to obtain JDBC connection", "service_dependency"),
    ("WARN  [org.hibernate.engine.jdbc.env.internal.JdbcEnvironmentInitiator] HHH000342: Could not obtain connection "
     "to query metadata: unable to obtain isolated JDBC connection [Connection refused]", "service_dependency"),
    ("ERROR [io.agroal.pool] (main) Acquisition timeout while waiting for new connection", "service_dependency"),
    ("Caused by: org.postgresql.util.PSQLException: The connection attempt failed.", "service_dependency"),
    ("HINT:  In a moment you should be able to reconnect to the database and repeat your command.", None),
    ("INFO  database is up: 12 connections in the pool", None),
    # a package manager's lock held by another process (yum/dnf, Ansible's yum module, zypper, pacman, apk)
    ("Another app is currently holding the yum lock; waiting for it to exit...", "database_lock"),
    ("Another app is currently holding the dnf lock; waiting for it to exit...", "database_lock"),
    ("Existing lock /var/run/yum.pid: another copy is running as pid 4242.", "database_lock"),
    ('fatal: [web-1]: FAILED! => {"changed": false, "msg": "yum lockfile is held by another process"}',
     "database_lock"),
    ("2024-01-01 10:00:00 INFO: Another process is using DNF. Waiting for it to release the lock. Next retry in 10 "
     "seconds (1/5)", "database_lock"),
    ("System management is locked by the application with pid 1234 (zypper).", "database_lock"),
    ("error: failed to init transaction (unable to lock database)", "database_lock"),
    ("ERROR: Unable to lock database: Resource temporarily unavailable", "database_lock"),
    ("lock_timeout: 300 (seconds to wait for the yum lock)", None),
    ("The other application is: yum", None),
    ("Released the yum lock held by pid 4242", None),
    # an embedded store's LOCK file held by another process (LevelDB, RocksDB, Badger); ENOLCK has no holder
    ("leveldb: IO error: lock /var/lib/app/index/LOCK: Resource temporarily unavailable", "database_lock"),
    ("rocksdb open failed: IO error: While lock file: /data/state/LOCK: Resource temporarily unavailable",
     "database_lock"),
    ("Corruption: IO error: lock /srv/db/LOCK: already held by process", "database_lock"),
    ('Cannot acquire directory lock on "/var/lib/dgraph/p".  Another process is using this Badger database. error: '
     'resource temporarily unavailable', "database_lock"),
    ("IO error: lock /mnt/nfs/db/LOCK: No locks available", None),
    ("opened /var/lib/app/index (LOCK acquired)", None),
    # a health checker's verdict: a load balancer marking a server down, a Consul check in single quotes
    ("[WARNING]  (9) : Server be_api/api2 is DOWN. 0 active and 0 backup servers left. 0 sessions active.",
     "health_check_failure"),
    ("Jan  1 10:00:00 lb haproxy[77]: Server web/web1 is DOWN, reason: Layer7 wrong status, code: 500",
     "health_check_failure"),
    ("2024/01/01 10:00:00 [WARN] agent: Check 'service:billing' is now critical", "health_check_failure"),
    ("[WARNING]  (9) : Server be_api/api2 is DOWN for maintenance.", None),
    ("[WARNING]  (9) : Server be_api/api2 is UP. 1 active and 0 backup servers online.", None),
    # a config check's fatal verdict and parse errors (HAProxy, Squid)
    ("Jan  1 10:00:00 lb haproxy[77]: [ALERT]    (77) : Error(s) found in configuration file : "
     "/etc/haproxy/haproxy.cfg", "config_error"),
    ("        parsing [/etc/haproxy/haproxy.cfg:42]: unknown keyword 'timout' in 'defaults' section", "config_error"),
    ("2024/01/01 10:00:00| FATAL: Bungled /etc/squid/squid.conf line 12: http_port 3128 foo", "config_error"),
    ("Configuration file is valid. No errors found in configuration file /etc/app/app.cfg", None),
    ("[WARNING]  (77) : parsing [/etc/haproxy/haproxy.cfg:7] : 'option httplog' not usable with proxy 'stats'", None),
    # a program's exit status that names its cause: 78 (EX_CONFIG) and 127 (command not found) under a supervisor
    ("2024-01-01 10:00:00,000 INFO exited: api (exit status 78; not expected)", "config_error"),
    ("Main process exited, code=exited, status=78/CONFIG", "config_error"),
    ("2024-01-01 10:00:00,000 INFO exited: worker (exit status 127; not expected)", "dependency_missing"),
    ("2024-01-01 10:00:00,000 INFO exited: worker (exit status 0; expected)", None),
    ("api_1 exited with code 127", "container_exit"),
    # a plugin that cannot be loaded (uWSGI, Dovecot, collectd); a plugin loaded or skipped on purpose
    ('open("/usr/lib/uwsgi/plugins/rack_plugin.so"): No such file or directory [core/utils.c line 3724]',
     "dependency_missing"),
    ("dovecot: imap: Fatal: Couldn't load required plugin /usr/lib/dovecot/modules/lib20_zlib_plugin.so: Plugin zlib "
     "not found from directory /usr/lib/dovecot/modules", "dependency_missing"),
    ('collectd[912]: plugin_load: Could not find plugin "write_prometheus" in /usr/lib/collectd', "dependency_missing"),
    ("loaded plugin rack_plugin.so from /usr/lib/uwsgi/plugins", None),
    ("plugins-dir = /usr/lib/uwsgi/plugins", None),
    # a client's wait for its cluster's metadata that ran out (Kafka Java clients, librdkafka); a socket read timeout
    ("org.apache.kafka.common.errors.TimeoutException: Topic orders not present in metadata after 60000 ms.",
     "network_timeout"),
    ("ERROR Producer - Failed to update metadata after 30000 ms.", "network_timeout"),
    ("%4|1704103200.000|REQTMOUT|rdkafka#consumer-1| [thrd:kafka-1:9092/1]: Metadata request failed: Local: Timed out",
     "network_timeout"),
    ("E, [2024-01-01T10:00:00] ERROR -- : Got an exception when receiving data: IO timeout when reading 7 bytes",
     "network_timeout"),
    ("metadata.max.age.ms = 300000", None),
    ("INFO Cluster ID: abc123; metadata updated after 12 ms", None),
    # a master or watchdog reporting its child's end (Postfix master, a server's watchdog); a fatal start-up exception
    ("Jan  1 10:00:00 mx postfix/master[101]: warning: process /usr/libexec/postfix/cleanup pid 4411 exit status 1",
     "process_crash"),
    ("Jan  1 10:00:00 mx postfix/master[101]: warning: process /usr/lib/postfix/sbin/smtp pid 4412 killed by signal 11",
     "process_crash"),
    ("<Fatal> Application: Child process was terminated by signal 11.", "process_crash"),
    ("ERROR [main] 2024-01-01 10:00:00,000 CassandraDaemon.java:759 - Exception encountered during startup",
     "process_crash"),
    ("Jan  1 10:00:00 mx postfix/master[101]: daemon started -- version 3.8.1", None),
    ("INFO  [main] 2024-01-01 10:00:00,000 No exceptions encountered during startup", None),
    # a daemon's start-up check of a path's owner (Postfix); EACCES as a number after a failed operation (MySQL)
    ("postfix/postfix-script[881]: warning: not owned by postfix: /var/spool/postfix/maildrop", "permission_denied"),
    ("postfix/postfix-script[881]: warning: not owned by group postdrop: /usr/sbin/postqueue", "permission_denied"),
    ("240101 10:00:00 [ERROR] Failed to create a socket for IPv6 '::': errno: 13.", "permission_denied"),
    ("checked 42 files, none not owned by root", None),
    ("[Note] Server socket created on IP: '::', errno: 0", None),
    # a store that cannot reserve space for a write on its disk (ClickHouse); Windows' ERROR_DISK_FULL text
    ("<Error> MergeTreeData: Code: 243. DB::Exception: Cannot reserve 2.10 GiB, not enough space. (NOT_ENOUGH_SPACE)",
     "disk_full"),
    ("System.IO.IOException: There is not enough space on the disk.", "disk_full"),
    ("<Debug> DiskLocal: Reserving 1.00 MiB on disk `default`, having unreserved 391.18 GiB.", None),
    ("reserve 20 GiB for merges (min_free_disk_space setting)", None),
    # a server's own memory quota refusing work (ClickHouse, Trino); the kernel's OOM kill is out_of_memory
    ("<Error> executeQuery: Code: 241. DB::Exception: Memory limit (for query) exceeded: would use 9.31 GiB",
     "resource_exhaustion"),
    ("io.trino.ExceededMemoryLimitException: Query exceeded per-node user memory limit of 2GB", "resource_exhaustion"),
    ("max_memory_usage = 10000000000 (the memory limit for a query)", None),
    # an errno's strerror in the host's language (glibc's catalogues, printed by JVMs and C daemons on such hosts)
    ("java.io.IOException: Trop de fichiers ouverts", "resource_exhaustion"),
    ("Jan  1 10:00:00 h java[812]: java.io.IOException: Demasiados archivos abiertos", "resource_exhaustion"),
    ("java.net.BindException: Die Adresse wird bereits verwendet", "port_conflict"),
    ("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Adresse déjà utilisée)", "port_conflict"),
    ("java.net.ConnectException: Verbindungsaufbau abgelehnt", "connection_refused"),
    ("Dateien geöffnet: 812 (Grenze für offene Dateien: 65536)", None),
    ("Adresse 10.0.0.5 wird verwendet für den Cluster", None),
    # a call-trace frame of a kernel report names a function, not the kill (corpus README, Labels)
    ("[  812.000000]  oom_kill_process.cold+0xb/0x10", None),
    ("[  812.000000]  [<ffffffff8115a32e>] oom_kill_process+0x24e/0x3b0", None),
    ("[  812.000000] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
     "out_of_memory"),
])
def test_round10_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 11's lessons (docs/patterns.md, "What round 11 taught"), one rule per class: true cases from several kinds of
# software and benign look-alikes of the same class, written for other software, hosts and paths than round 11's.
@pytest.mark.parametrize(("line", "expected"), [
    # a process manager reporting its app's exit (PM2, Foreman and its kind, forever); a clean exit is not a crash
    ("0|worker   | 2024-01-01T10:00:00: PM2 log: App [worker:0] exited with code [2] via signal [SIGTERM]",
     "process_crash"),
    ("PM2 log: Script /srv/api/index.js had too many unstable restarts (15). Stopped. \"errored\"", "process_crash"),
    ("10:00:00 worker.1 | exited with code 1", "process_crash"),
    ("app_1  | 10:00:01 sidekiq.1 | exited with code 137", "process_crash"),
    ("error: Forever detected script exited with code: 1", "process_crash"),
    ("PM2 log: App [worker:0] exited with code [0] via signal [SIGINT]", None),
    ("PM2 log: App [worker:0] online", None),
    ("10:00:00 worker.1 | started with pid 42", None),
    ("[nodemon] app crashed - waiting for file changes before starting...", None),
    # upstart reporting its job's end and its crash loop; 78 (EX_CONFIG) is config_error wherever it is said
    ("init: gunicorn main process (812) terminated with status 1", "process_crash"),
    ("init: mongod main process (2201) killed by SEGV signal", "process_crash"),
    ("init: celeryd respawning too fast, stopped", "process_crash"),
    ("init: nginx main process (77) terminated with status 78", "config_error"),
    ("postgres exited with status 78", "config_error"),
    ("init: gunicorn main process (812) terminated with status 0", None),
    ("init: gunicorn main process (812) killed by TERM signal", None),
    # a program's own crash report naming the signal
    ("=== KeyDB BUG REPORT START: Cut & paste starting from here ===\n2024 # KeyDB 6.3.4 crashed by signal: 11",
     "process_crash"),
    ("memcached crashed with signal SIGABRT", "process_crash"),
    ("crash handler installed for signals 11, 6", None),
    # exit status 127 (command not found) in every wording one rule reads
    ("2024-01-01 10:00:00,000 INFO exited: cron (exit status 127; not expected)", "dependency_missing"),
    ("/etc/init.d/app: job failed with status 127", "dependency_missing"),
    ("Container exited with a non-zero exit code 127. Error file: prelaunch.err.", "dependency_missing"),
    ("app_1 exited with code 127", "container_exit"),
    ("command exited with status 0", None),
    # a server refusing to start on a PID file another instance left (Rails, Celery beat)
    ("web_1 | A server is already running. Check /srv/app/tmp/pids/server.pid.", "database_lock"),
    ("A server is already running (pid: 77, file: /home/deploy/app/tmp/pids/server.pid).", "database_lock"),
    ("ERROR: Pidfile (/var/run/celery/beat.pid) already exists.", "database_lock"),
    ("=> Rails 7.1.2 application starting in development; A server is already running? no", None),
    ("Writing pidfile (/var/run/celery/beat.pid)", None),
    # EPERM on a path in the syscall's words (WiredTiger-style, Go's PathError); a socket path that cannot be bound
    ("[WT_VERB_DEFAULT] /var/lib/mongodb/journal/WiredTigerLog.0000000001: handle-open: open: Operation not permitted",
     "permission_denied"),
    ("Error: mkdir /var/lib/gitea/repositories: operation not permitted", "permission_denied"),
    ("level=error msg=\"chown /srv/minio/data: operation not permitted\"", "permission_denied"),
    ("ERROR: unable to bind listening socket for address '/run/php/php8.2-fpm.sock': Operation not permitted (1)",
     "permission_denied"),
    ("Error: failed to bind socket to '/tmp/uwsgi.sock': Permission denied", "permission_denied"),
    ("+ chown -R git:git /var/lib/gitea/repositories", None),
    ("mkdir /var/lib/gitea/repositories: created with mode 0750", None),
    ("NOTICE: ready to handle connections on '/run/php/php8.2-fpm.sock'", None),
    # PostgreSQL's data directory message in typographic quotes
    ("FATAL:  data directory “/srv/pg/16/main” has invalid permissions", "permission_denied"),
    ("LOG:  data directory “/srv/pg/16/main” is ready", None),
    # musl's strerror of EMFILE and EHOSTUNREACH (Alpine images)
    ("2024/01/01 10:00:00 [crit] 7#7: *88 open() \"/usr/share/nginx/html/a.css\" failed (24: No file descriptors "
     "available)", "resource_exhaustion"),
    ("haproxy: accept(): No file descriptors available", "resource_exhaustion"),
    ("wget: can't connect to remote host (10.0.0.9): Host is unreachable", "network_timeout"),
    ("file descriptors available: 1048576", None),
    # HTTP and socket clients' timeout exceptions by runtime (Ruby, PHP, Java 11, .NET)
    ("Net::OpenTimeout: execution expired", "network_timeout"),
    ("Errno::ETIMEDOUT: Connection timed out - connect(2) for \"api.example.org\" port 443", "network_timeout"),
    ("GuzzleHttp\\Exception\\ConnectException: cURL error 28: Connection timed out after 10001 milliseconds",
     "network_timeout"),
    ("java.net.http.HttpConnectTimeoutException: HTTP connect timed out", "network_timeout"),
    ("System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout "
     "of 100 seconds elapsing.", "network_timeout"),
    ("rescue Net::ReadTimeout, Net::OpenTimeout => e", None),
    ("config.read_timeout = 30", None),
    ("Faraday.new(request: { timeout: 5 })", None),
    # wait-for tools that gave up on a peer's port (Bitnami's wait-for-port, dockerize)
    ("wait-for-port: timeout reached before the port went into state \"inuse\"", "service_dependency"),
    ("2024/01/01 10:01:00 Timeout after 1m0s waiting on dependencies to become available: [tcp://postgres:5432]",
     "service_dependency"),
    ("2024/01/01 10:00:00 Waiting for: tcp://postgres:5432", None),
    # a client that gave up reconnecting to its backend or broker
    ("[ERROR] Giving up reconnecting to the RabbitMQ broker after 10 attempts", "service_dependency"),
    ("kombu: Retry limit exceeded while trying to reconnect to the redis broker", "service_dependency"),
    ("Reconnected to redis broker after 2 attempts", None),
    ("broker_connection_max_retries = 100", None),
    # Docker's embedded DNS unable to resolve a Compose service name (a dotted name is a remote host)
    ("dial tcp: lookup redis on 127.0.0.11:53: no such host", "service_dependency"),
    ("level=error msg=\"Post \\\"http://api:8080/v1\\\": dial tcp: lookup api on 127.0.0.11:53: server misbehaving\"",
     "service_dependency"),
    ("dial tcp: lookup registry.example.org on 127.0.0.11:53: server misbehaving", "network_timeout"),
    ("nameserver 127.0.0.11", None),
    # nginx failing an upstream at connect, whatever the module words it; an upstream timeout stays network_timeout
    ("2024/01/01 10:00:00 [error] 31#31: *9 upstream sent no valid response, connect failed while connecting to "
     "upstream, client: 10.0.0.1", "service_dependency"),
    ("2024/01/01 10:00:00 [error] 31#31: *9 upstream timed out (110: Connection timed out) while connecting to "
     "upstream, client: 10.0.0.1", "network_timeout"),
    ("2024/01/01 10:00:00 [info] 31#31: *9 client closed connection while connecting to upstream, client: 10.0.0.1",
     None),
    # MySQL client errors 2002/2003 as PHP prints them; MariaDB's client wording
    ("PHP Warning:  mysqli_connect(): (HY000/2002): No such file or directory in /var/www/html/db.php on line 4",
     "service_dependency"),
    ("PDOException: SQLSTATE[HY000] [2002] Connection refused", "service_dependency"),
    ("mysqli_real_connect(): (HY000/2003): Connection timed out", "service_dependency"),
    ("ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)",
     "service_dependency"),
    ("mysqld: ready for connections. socket: '/run/mysqld/mysqld.sock'  port: 3306", None),
    ("Query OK, 2002 rows affected (0.05 sec)", None),
    # a refusal on the Docker daemon's API port names the daemon the client needs
    ("Get \"http://127.0.0.1:2375/v1.43/info\": dial tcp 127.0.0.1:2375: connect: connection refused",
     "service_dependency"),
    ("DOCKER_HOST=tcp://127.0.0.1:2375", None),
    # a framework refusing to start because a setting it needs is unset (Spring Boot, Hibernate, Rails, Laravel)
    ("Failed to configure a DataSource: 'url' attribute is not specified and no embedded datasource could be "
     "configured.", "config_error"),
    ("org.hibernate.HibernateException: Access to DialectResolutionInfo cannot be null when 'hibernate.dialect' not "
     "set", "config_error"),
    ("ArgumentError: Missing `secret_key_base` for 'production' environment, set this string with "
     "`bin/rails credentials:edit`", "config_error"),
    ("production.ERROR: No application encryption key has been specified.", "config_error"),
    ("HikariPool-1 - Start completed. DataSource configured from spring.datasource.url", None),
    # a start-up check naming a host setting below what the server needs (Elasticsearch's bootstrap checks)
    ("[1]: max file descriptors [4096] for elasticsearch process is too low, increase to at least [65535]",
     "config_error"),
    ("[2]: max number of threads [1024] for user [elasticsearch] is too low, increase to at least [4096]",
     "config_error"),
    ("vm.max_map_count = 262144", None),
    # a server refusing the endpoints it is configured with (Kestrel); a fatal-level line refusing a setting it names
    ("System.InvalidOperationException: Unable to configure HTTPS endpoint. No server certificate was specified, and "
     "the default developer certificate could not be found or is out of date.", "config_error"),
    ("2024/01/01 10:00:00 ...setting.go:120:loadConfig() [F] Unknown setting `ROOT_PATH` in [repository]",
     "config_error"),
    ("FATAL: invalid option 'max_conns' in section [pool]", "config_error"),
    ("2024/01/01 10:00:00 [W] Deprecated fallback `[server]` `LFS_CONTENT_PATH` present. Use `[lfs]` `PATH` instead.",
     None),
    ("Now listening on: http://localhost:5000", None),
    # Compose waiting for a dependency's health that has no check defined: the compose file
    ("dependency failed to start: container app-redis-1 has no healthcheck configured", "config_error"),
    ("Container app-redis-1  Healthy", None),
])
def test_round11_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 12's lessons (docs/patterns.md, "What round 12 taught"), one rule per class: true cases from several kinds of
# software and benign look-alikes of the same class, written for other software, hosts and paths than round 12's.
@pytest.mark.parametrize(("line", "expected"), [
    # ENOSPC that is no full disk: inotify watches (Syncthing, cAdvisor, fsnotify users) and a tmpfs/shm mount
    ("Failed to start filesystem watcher for folder \"photos\" (abcd-1234): error while traversing /srv/photos: no "
     "space left on device", "resource_exhaustion"),
    ("E0101 10:00:00.000000 1 manager.go:300] inotify_add_watch /sys/fs/cgroup/cpu/kubepods: no space left on device",
     "resource_exhaustion"),
    ("level=error msg=\"fsnotify watcher: no space left on device\"", "resource_exhaustion"),
    ("Error response from daemon: mounting shm tmpfs: no space left on device", "resource_exhaustion"),
    ("write /var/lib/docker/tmp/GetImageBlob123: no space left on device", "disk_full"),
    ("inotify watches: 8192 in use", None),
    # the inotify limits in words (Syncthing's inotify helper, the onedrive client)
    ("[Inotify] Failed to install inotify handler for Music. Please increase inotify limits", "resource_exhaustion"),
    ("onedrive[1]: The user limit on the total number of inotify watches has been reached.", "resource_exhaustion"),
    ("ERROR: inotify_add_watch failed: ./Documents/report.odt", "resource_exhaustion"),
    ("fs.inotify.max_user_watches = 524288", None),
    # the kernel's netlink refusing a network change (no file to fix): wg-quick, ip in a container, OpenVPN's up script
    ("wg-quick[812]: RTNETLINK answers: Permission denied", None),
    ("ovpn-server[77]: /sbin/ip addr add dev tun0 10.8.0.1/24: RTNETLINK answers: Operation not permitted", None),
    ("open /etc/wireguard/wg0.conf: permission denied", "permission_denied"),
    # a game server's own bind failure (Minecraft/Forge/Paper, PocketMine); its hint is weak alone
    ("[12:00:00] [Server thread/WARN]: **** FAILED TO BIND TO PORT!", "port_conflict"),
    ("12:00:00 [CRITICAL] **** FAILED TO BIND TO 0.0.0.0:19133!", "port_conflict"),
    ("java.lang.IllegalStateException: Failed to bind to port", "port_conflict"),
    ("[12:00:00] [Server thread/INFO]: Starting Minecraft server on *:25565", None),
    # a backup repository or daemon lock held or left (borg, restic, dockerd, goleveldb)
    ("Failed to create/acquire the lock /srv/borg/repo/lock.exclusive (timeout).", "database_lock"),
    ("Fatal: unable to create lock in backend: repository is already locked exclusively by PID 4242 on nas",
     "database_lock"),
    ("FileExistsError: [Errno 17] File exists: '/home/u/.cache/borg/0123abcd/lock.exclusive'", "database_lock"),
    ("failed to start daemon, ensure docker is not running or delete /var/run/docker.pid: process with PID 9 is still "
     "running", "database_lock"),
    ("FATAL: leveldb.OpenFile(): resource temporarily unavailable", "database_lock"),
    ("Failed to create/acquire the lock /srv/borg/repo/lock.exclusive ([Errno 13] Permission denied: "
     "'/srv/borg/repo/lock.exclusive.tmp').", "permission_denied"),
    ("successfully removed 1 locks", None),
    ("Remote: Borg 1.2.4: lock released", None),
    # supervisors reporting a dead child (strongSwan's starter, SSSD's watchdog, a Go monitor, cron, OpenRC, procd)
    ("ipsec_starter[1632]: charon has died -- restart scheduled (5sec)", "process_crash"),
    ("sssd[1131]: Child [2807] ('nss':'nss') was terminated by own WATCHDOG. Consult corresponding logs",
     "process_crash"),
    ("[monitor] 2025/01/01 10:00:00 INFO: Syncthing exited: exit status 2", "process_crash"),
    ("/usr/sbin/cron[20]: (CRON) error (grandchild #22 failed with exit status 2)", "process_crash"),
    (" * status: crashed", "process_crash"),
    ("daemon.info procd: Instance dnsmasq::instance1 s in a crash loop 6 crashes, 0 seconds since last crash",
     "process_crash"),
    ("[monitor] INFO: Syncthing exited: exit status 0", None),
    (" * status: started", None),
    # a server's own crash announcement; Go's runtime throw
    ("11:00:00 [EMERGENCY] RakLib crashed!", "process_crash"),
    ("An unrecoverable error has occurred and the server has crashed. Creating a crash dump", "process_crash"),
    ("containerd[1]: fatal: morestack on g0", "process_crash"),
    ("Crash reporting is enabled", None),
    # systemd's exit status 143 is SIGTERM (no crash); systemctl status's Main PID line with a failure
    ("systemd[1]: app.service: Main process exited, code=exited, status=143/n/a", None),
    ("systemd[1]: app.service: Main process exited, code=exited, status=2/INVALIDARGUMENT", "process_crash"),
    ("   Main PID: 411 (code=exited, status=1/FAILURE)", "process_crash"),
    (" Main PID: 77 (code=killed, signal=SEGV)", "process_crash"),
    ("   Main PID: 411 (code=exited, status=0/SUCCESS)", None),
    ("   Main PID: 411 (code=killed, signal=TERM)", None),
    ("   Active: failed (Result: start-limit-hit) since Mon 2024-01-01 10:00:00 UTC; 1min ago", None),
    # a binary for another CPU architecture (runc, Docker, a shell); a shell's syntax errors; a TOML parser's error
    ("standard_init_linux.go:228: exec user process caused: exec format error", "config_error"),
    ("exec /usr/local/bin/docker-entrypoint.sh: exec format error", "config_error"),
    ("bash: ./node_exporter: cannot execute binary file: Exec format error", "config_error"),
    ("/bin/sh: 1: Syntax error: \"(\" unexpected", "config_error"),
    ("/opt/app/run.sh: line 12: syntax error near unexpected token `fi'", "config_error"),
    ("E! error loading config file /etc/telegraf/telegraf.conf: toml: line 12, column 3: parse error", "config_error"),
    ("binfmt_misc: registered qemu-aarch64 for exec format", None),
    # a listen setting that does not parse; a server finding no listener in its configuration; an empty directory
    # setting
    ("FATAL: Bad listen address: too many colons in address tcp://[::1:22000", "config_error"),
    ("invalid listen address \"0.0.0.0:99999\"", "config_error"),
    ("cupsd[1]: No valid Listen or Port lines were found in the configuration file.", "config_error"),
    ("level=error msg=\"mkdir : no such file or directory\"", "config_error"),
    ("open : no such file or directory", None),
    # a configuration file a tool was pointed at that does not exist
    ("wg-quick: `/etc/wireguard/wg1.conf' does not exist", "config_error"),
    ("Error: config file /etc/nebula/config.yml does not exist", "config_error"),
    ("creating /etc/wireguard/wg1.conf because it does not exist yet", None),
    # a job runner's missing program; a critical plugin's missing dependency (strongSwan)
    ("crond[1]: can't execute '/usr/local/bin/backup.sh' for user backup", "dependency_missing"),
    ("00[LIB] feature CUSTOM:libcharon in critical plugin 'charon' has unmet dependency: CUSTOM:kernel-ipsec",
     "dependency_missing"),
    ("00[LIB] feature CUSTOM:ikev2 in plugin 'eap-tls' has unmet dependency: CUSTOM:eap", None),
    # a client refused by the server or daemon it needs: NFS mounts, CLIs on their daemon's socket, a tracer's agent
    ("mount.nfs: mount(2): Connection refused", "service_dependency"),
    ("mount.nfs4: Connection timed out", "service_dependency"),
    ("mount: RPC: Unable to receive; errno = Connection refused", "service_dependency"),
    ("failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)",
     "service_dependency"),
    ("connecting to 'unix:///var/run/charon.vici' failed: Connection refused", "service_dependency"),
    ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
     "service_dependency"),
    ("Datadog Agent Error: Errno::ECONNREFUSED Failed to open TCP connection to 127.0.0.1:8126", "service_dependency"),
    ("failed to connect to local tailscaled (which appears to be running as tailscaled, pid 14). Got error: EOF", None),
    ("mount.nfs: timeout set for Mon Jan  1 10:02:00 2024", None),
    # a VPN client's TLS handshake timeout; a connection timeout of a log shipper; an ACME validation that found no path
    ("Mon Jan  1 10:00:00 2024 TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network "
     "connectivity)", "network_timeout"),
    ("Mon Jan  1 10:00:00 2024 203.0.113.9:51234 TLS Error: TLS key negotiation failed to occur within 60 seconds "
     "(check your network connectivity)", None),
    ("[error] [upstream] connection #12 to logs.example.org:443 timed out after 10 seconds", "network_timeout"),
    ("Detail: 203.0.113.9: Fetching http://example.org/.well-known/acme-challenge/x: Timeout during connect (likely "
     "firewall problem)", "network_timeout"),
    ("tls-timeout 60", None),
    # a dial to an IPv6 literal without an IPv6 route (a dual-stack client falls back)
    ("dial tcp [2001:db8::1]:443: connect: network is unreachable", None),
    ("dial tcp 203.0.113.9:443: connect: network is unreachable", "network_timeout"),
    # EACCES in the host's language; rsync's failed read of a source path (its chgrp on a share stays weak: below)
    ("/etc/zabbix/scripts/check.sh: строка 5: /tmp/state: Отказано в доступе", "permission_denied"),
    ("cp: '/srv/x' kann nicht geöffnet werden: Keine Berechtigung", "permission_denied"),
    ("rsync: opendir \"/Users/u/Library/Mail\" failed: Operation not permitted (1)", "permission_denied"),
    # a health probe's verdict in Datadog's spelling; Compose's unhealthy dependency is the check's verdict
    ("Warn: Liveliness probe failed on env:prod,name:agent-7f9", "health_check_failure"),
    ("dependency failed to start: container app-redis-1 is unhealthy", "health_check_failure"),
    ("dependency failed to start: container app-redis-1 exited (1)", "service_dependency"),
    # security events stay none whatever a rule reads (SELinux's summary included)
    ("setroubleshoot[9]: SELinux is preventing /usr/bin/promtail from write access on the file positions.yaml.", None),
])
def test_round12_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 13's lessons (software in and around the cluster; its misses, retired and tuned on): one case per phrasing
# family, with the benign lines of the same family that must not match.
@pytest.mark.parametrize(("line", "expected"), [
    # the cluster's API server or a cloud API refusing the component's identity; certificates that do not fit
    ("E0419 17:07:44.681897 1 network.go:102] failed to register network: failed to acquire lease: the server does not "
     "allow access to the requested resource (put nodes ubuntu)", "config_error"),
    ("level=error msg=\"failed to list hosted zones: AccessDenied: User: arn:aws:sts::1:assumed-role/dns/1 is not "
     "authorized to perform: route53:ListHostedZones\"", "config_error"),
    ('E0223 02:47:56.385022 1 scraper.go:140] "Failed to scrape node" err="Get \\"https://10.0.0.25:10250/metrics/'
     'resource\\": x509: cannot validate certificate for 10.0.0.25 because it doesn\'t contain any IP SANs"',
     "config_error"),
    ("Get https://10.0.0.1/: x509: certificate signed by unknown authority", "config_error"),
    ("error failed to create discovery service: open /etc/certs/cert-chain.pem: no such file or directory",
     "config_error"),
    ("loaded x509 certificate from /etc/certs/cert-chain.pem", None),
    ("RBAC: the server allows access to the requested resource", None),
    # an endpoint setting that is not a host name; a webhook configuration name that does not exist
    ("traces export: context deadline exceeded: rpc error: code = Unavailable desc = connection error: desc = "
     "\"transport: Error while dialing: dial tcp: lookup tcp/14268/api/traces: nodename nor servname provided\"",
     "config_error"),
    ("error Patch webhook failed: mutatingwebhookconfigurations.admissionregistration.k8s.io \"istiod\" not found",
     "config_error"),
    # an object store refusing its data path (MinIO)
    ("ERROR Unable to initialize backend: Insufficient permissions to access path", "permission_denied"),
    ("ERROR Unable to use the drive /export/data: file access denied: Invalid arguments specified",
     "permission_denied"),
    ("[ERROR] Initializing object layer failed (Unable to initialize '.minio.sys' meta volume, disk access denied)",
     "permission_denied"),
    ("Access denied for user 'root'@'localhost' (using password: YES)", None),
    # clients refused by what they need: Elixir database pools, a mesh proxy's control plane, exporters, memberlist
    # peers, an alert relay, the Docker API, a scaler's Prometheus, a CLI or adapter that gave up, kube-rs
    ("[error] Postgrex.Protocol (#PID<0.514.0>) failed to connect: ** (Postgrex.Error) tcp connect: connection refused "
     "- :econnrefused", "service_dependency"),
    ("Postgrex.Protocol (#PID<0.1486.0>) failed to connect: ** (DBConnection.ConnectionError) tcp connect: "
     "non-existing domain - :nxdomain", "service_dependency"),
    ("WARN linkerd_reconnect: Failed to connect error=Connection refused (os error 111)", "service_dependency"),
    ("2024-02-20T18:51:28.605Zinfoexporterhelper/retry_sender.go:129Exporting failed. Will retry the request after "
     "interval. {\"error\": \"Post \\\"http://localhost:9009/otlp/v1/metrics\\\": dial tcp 127.0.0.1:9009: connect: "
     "connection refused\"}", "service_dependency"),
    ("Failed to join 10.100.100.135:7946: dial tcp 10.100.100.135:7946: connect: connection refused",
     "service_dependency"),
    ("level=error caller=dispatch.go:266 component=dispatcher msg=\"Notify for alerts failed\" num_alerts=1 "
     "err=\"dial tcp 127.0.0.1:25: getsockopt: connection refused\"", "service_dependency"),
    ("ERROR vector::sources::docker_logs: Listing currently running containers failed. error=error trying to connect: "
     "Connection refused (os error 111)", "service_dependency"),
    ("timeout while waiting to establish gRPC connection to KEDA Metrics Service server", "service_dependency"),
    ("ERROR: timeout reached while waiting for helm Tiller to be ready in namespace [ monitoring ]. Aborting!",
     "service_dependency"),
    ("ERROR HTTP: kube_client::client::builder: failed with error client error (Connect)", "service_dependency"),
    ("Exporting failed. Dropping data. error=\"Permanent error: 400 Bad Request\"", None),
    ("memberlist: Failed to join 10.0.0.1:7946 (will retry)", None),
    # crashes: a storage engine's replica, a runtime's panic banner, Ceph's fatal signal handler
    ("level=warning msg=\"Instance beets-r-13a54df6 crashed on Instance Manager instance-manager-r-54006d17 at k8sn2\"",
     "process_crash"),
    ("level=warning msg=\"instance beets-r-13a54df6 state is error, error message exit status 1\"", "process_crash"),
    ("Deno has panicked. This is a bug in Deno. Please report this", "process_crash"),
    ("     0> 2023-06-22T11:33:45.673+0000 7fcf3303e880 -1 *** Caught signal (Aborted) **", "process_crash"),
    ("instance beets-r-13a54df6 state is running", None),
    # kubelet's PLEG event of a container that failed; Istio's reading of Envoy's SIGKILL
    ('I0411 02:54:28.565096 26892 generic.go:296] "Generic (PLEG): container finished" podID=eb1f containerID="3106" '
     "exitCode=1", "container_exit"),
    ('I0411 02:54:28.565096 26892 generic.go:296] "Generic (PLEG): container finished" podID=eb1f containerID="3106" '
     "exitCode=0", None),
    ("warn Envoy may have been out of memory killed. Check memory usage and limits.", "out_of_memory"),
    # a Node.js framework's bind failure
    ("EADDRINUSE: Failed to start server. Is port 1337 in use?", "port_conflict"),
    # a CRD, a mount helper, a CNI plugin or an OCI runtime that is not installed
    ("level=fatal msg=\"error listing resources in GroupVersion \\\"externaldns.k8s.io/v1alpha1\\\": the server "
     "could not find the requested resource\"", "dependency_missing"),
    ("Error: unable to build kubernetes objects: no matches for kind \"Certificate\" in version "
     "\"cert-manager.io/v1\"", "dependency_missing"),
    ("Warning FailedCreatePodSandBox kubelet Failed create pod sandbox: rpc error: code = Unknown desc = failed to "
     "find plugin \"macvlan\" in path [/opt/cni/bin]", "dependency_missing"),
    ("OCI runtime create failed: fork/exec /usr/local/bin/runc: no such file or directory: unknown",
     "dependency_missing"),
    ("kernel[0]: Sandbox: xpcd(45) deny mach-lookup com.apple.coresymbolicationd", None),
    # the API server's request timeout; a bolt database's open waiting for the lock
    ("Error: release loghouse failed: Timeout: request did not complete within allowed duration", "network_timeout"),
    ("could not open BoltDB: timeout", "database_lock"),
    ("msg=\"failed to open existing boltdb file /loki/index_1.gz, continuing without it\" err=timeout",
     "database_lock"),
    ("msg=\"opened boltdb file /loki/index_1.gz\"", None),
    # a calico readiness check's verdict; a gRPC server's note of a client's failure; an optional module probe
    ("calico/node is not ready: BIRD is not ready: BGP not established with 10.0.1.1", "health_check_failure"),
    ("grpc: Server.Serve failed to create ServerTransport: connection error: desc = \"transport: http2Server."
     "HandleStreams failed to receive the preface from client: read tcp 10.0.0.1:15010->10.0.0.2:59290: i/o timeout\"",
     None),
    ("level=warning msg=\"Running modprobe ip_vs failed with message: `modprobe: ERROR: could not insert 'ip_vs': Exec "
     "format error`\"", None),
])
def test_round13_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


# Round 14's lessons (stateful and data services; its misses, retired and tuned on): one case per phrasing family, with
# the benign lines of the same family that must not match.
@pytest.mark.parametrize(("line", "expected"), [
    # clients of coordination services, pools and brokers that cannot reach them
    ("[2021-01-01 10:00:00,000] INFO Socket error occurred: zk-0/10.0.0.5:2181: Connection refused "
     "(org.apache.zookeeper.ClientCnxn)", "service_dependency"),
    ("grpc: addrConn.resetTransport failed to create client transport: connection error: desc = \"transport: dial tcp "
     "10.0.0.7:26257: getsockopt: connection refused\"", "service_dependency"),
    ("LOG C-0x55d1: app/app@10.0.0.9:50486 closing because: pgbouncer cannot connect to server (age=0s)",
     "service_dependency"),
    ("unable to read DB schema version keyspace/database: temporal error: no usable database connection found",
     "service_dependency"),
    ("redis.py:285 - on_connection_error() ERROR: Connection to Redis lost: Retry (3/20) in 1.00 second.",
     "service_dependency"),
    ("[ERROR] [/lib/cache/cache.go:114]: failed to ping redis://cache:6379?idle_timeout_seconds=30, retry after 500ms",
     "service_dependency"),
    ("WARN [io.agroal.pool] (agroal-11) Datasource '<default>': Connection to db:5432 refused. Check that the hostname "
     "and port are correct and that the postmaster is accepting TCP/IP connections.", "service_dependency"),
    ("ERRO util.rs:366: PD endpoint pd2:2379 failed to respond: Grpc(RpcFailure(RpcStatus { status: Unavailable, "
     "details: Some(\"Connect Failed\") }))", "service_dependency"),
    ("session.go:953: [fatal] check bootstrapped err [try again later]: backoffer.maxSleep 15000ms is exceeded",
     "service_dependency"),
    ("INFO TaskExecutor - Could not resolve ResourceManager address akka.tcp://flink@jm:6123/user/resourcemanager, "
     "retrying in 10000 ms", "service_dependency"),
    ("[ERROR] Shunning server 10.0.0.11:3306 with 5 errors/sec. Shunning for 10 seconds", "service_dependency"),
    ("[ERROR] Failed to mysql_real_connect() on 10.0.0.12:3306 , FD (Conn:25 , MyDS:25) , 2013: Lost connection to "
     "MySQL server at 'handshake: reading initial communication packet', system error: 0", "service_dependency"),
    ("[2021-01-01 10:00:00,000] INFO Socket connection established to zk-0/10.0.0.5:2181, initiating session", None),
    ("INFO TaskExecutor - Resolved ResourceManager address, beginning registration", None),
    # a monitor's verdict, and the flap it takes back
    ("1:X 01 Jan 2025 10:00:00.000 # +sdown master mymaster 10.0.0.20 6379", "health_check_failure"),
    ("1:X 01 Jan 2025 10:00:01.000 # +odown master mymaster 10.0.0.20 6379 #quorum 2/2", "health_check_failure"),
    ("1:M 01 Jan 2025 10:00:00.000 * Marking node 0f3a9b2c as failing (quorum reached).", "health_check_failure"),
    ("[ERROR] Timeout on read_only check for 10.0.0.21:3306 after 1004ms.", "health_check_failure"),
    ("1:X 01 Jan 2025 10:00:05.000 # -sdown master mymaster 10.0.0.20 6379", None),
    # crashes in a data platform's own words
    ("patroni[84]: patroni.exceptions.PatroniFatalException: 'Failed to bootstrap cluster'", "process_crash"),
    ("ERROR [main:ZooKeeperServerMain@85] - Unable to start AdminServer, exiting abnormally", "process_crash"),
    ("2023-05-31T10:00:16.221Z\tpanic\tVictoriaMetrics/lib/fs/fs_unix.go:50\tFATAL: cannot determine free disk space",
     "process_crash"),
    ("** gen_event handler rabbit_alarm crashed.", "process_crash"),
    ("WARN app[][o.s.a.p.AbstractManagedProcess] Process exited with exit value [web]: 1", "process_crash"),
    ("WARN app[][o.s.a.p.AbstractManagedProcess] Process exited with exit value [es]: 78", "config_error"),
    ("WARN app[][o.s.a.p.AbstractManagedProcess] Process exited with exit value [es]: 0", None),
    ("os02_1 | Performance analyzer exited with code 143", None),
    # data directories held by another instance
    ("kafka.common.KafkaException: Failed to acquire lock on file .lock in /var/lib/kafka. A Kafka instance in another "
     "process or thread is using this directory.", "database_lock"),
    ("Index dir '/var/solr/data/core1/data/index/' of core 'core1' is already locked.", "database_lock"),
    ("java.lang.IllegalStateException: Nexus work directory already in use: /nexus-data", "database_lock"),
    # limits that ran out: AIO capacity, an engine's cache, local ports
    ("[ERROR] Failed to mysql_real_connect() on 10.0.0.13:3306 , FD (Conn:0 , MyDS:0) , 2002: Can't connect to MySQL "
     "server on '10.0.0.13' (99).", "resource_exhaustion"),
    ("[write] write failed for shard 7 on node 2: engine: cache maximum memory size exceeded", "resource_exhaustion"),
    # timeouts: a proxy's backend connect, TiKV and PD, a registry's topic, a controller's agent ping
    ("[ERROR] Connect timeout on 10.0.0.14:3306 : exceeded by 12us", "network_timeout"),
    ("ERRO util.rs:366: PD endpoint pd0:2379 failed to respond: Grpc(RpcFailure(RpcStatus { status: DeadlineExceeded, "
     "details: None }))", "network_timeout"),
    ("StoreInitializationException: Timed out trying to create or validate schema topic configuration",
     "network_timeout"),
    ("Ping failed. Terminating the channel agent-7.", "network_timeout"),
    # settings: a library the server must preload, a host filter, Akka's bind name
    ("FATAL:  extension \"timescaledb\" must be preloaded", "config_error"),
    ("cassandra schema version compatibility check failed: gocql: unable to create session: unable to connect to "
     "initial hosts: host was filtered: 10.0.0.15", "config_error"),
    ("ERROR akka.remote.EndpointWriter - dropping message [class akka.actor.ActorSelectionMessage] for non-local "
     "recipient [Actor[akka.tcp://flink@jm-hs:6123/]]", "config_error"),
    # what is not installed: a JVM, an extension's library, a keyspace
    ("could not find java in ES_JAVA_HOME at /usr/lib/jvm/jdk/bin/java", "dependency_missing"),
    ("ERROR:  could not access file \"$libdir/timescaledb-2.9.0\": No such file or directory", "dependency_missing"),
    # a store turning read-only for want of space; the JVM failing to commit its heap
    ("warn lib/storage/storage.go:647 switching the storage at /vm-data to read-only mode, since it has less than "
     "-storage.minFreeDiskSpaceBytes=10000000 of free space", "disk_full"),
    ("OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00000000c0000000, 1073741824, 0) failed; error='Out "
     "of memory' (errno=12)", "out_of_memory"),
    # ClickHouse's own second listener
    ("2024.04.16 17:29:09.980602 [ 43 ] {} <Warning> Application: Listen [0.0.0.0]:9000 failed: Poco::Exception. "
     "Code: 1000, e.code() = 98, Net Exception: Address already in use: 0.0.0.0:9000", None),
])
def test_round14_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


def test_a_monitors_down_verdict_taken_back_is_a_flap(classifier: Classifier) -> None:
    """Redis Sentinel's +sdown taken back by -sdown, Redis Cluster's FAIL cleared: over; not taken back: a failure."""
    flap = ["1:X 01 Jan 2025 10:00:00.000 # +sdown slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
            "1:X 01 Jan 2025 10:00:03.000 * +reboot slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
            "1:X 01 Jan 2025 10:00:04.000 # -sdown slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379"]
    assert _patterns(classifier, flap) == [None, None, None]
    assert _patterns(classifier, flap[:2]) == ["health_check_failure", None]
    cluster = ["1:M 01 Jan 2025 10:00:00.000 * FAIL message received from 0a1b about 2c3d",
               "1:M 01 Jan 2025 10:00:09.000 * Clear FAIL state for node 2c3d: is reachable again."]
    assert _patterns(classifier, cluster) == [None, None]
    data = ("\n".join(flap) + "\n").encode()
    assert classifier.scan_buffer_in_context(data).hits == {}
    assert classifier.scan_buffer_in_context(("\n".join(flap[:2]) + "\n").encode()).hits == {
        1: ("health_check_failure", 0.8)}


# Round 15's lessons (machine-learning, GPU and data-science workloads; its misses, retired and tuned on): one case per
# phrasing family, with the benign lines of the same family that must not match.
@pytest.mark.parametrize(("line", "expected"), [
    # GPU memory, also when the error carries its hint in documentation's words; a node's memory eviction
    ("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity) If "
     "reserved memory is >> allocated memory try setting max_split_size_mb to avoid fragmentation.  See documentation "
     "for Memory Management and PYTORCH_CUDA_ALLOC_CONF", "out_of_memory"),
    ("ggml_backend_cuda_buffer_type_alloc_buffer: allocating 9000.00 MiB on device 0: cudaMalloc failed: out of memory",
     "out_of_memory"),
    ("The node was low on resource: memory. Container trainer was using 30Gi, which exceeds its request of 8Gi.",
     "out_of_memory"),
    ("See documentation for Memory Management and PYTORCH_CUDA_ALLOC_CONF to avoid fragmentation", None),
    # the driver's libraries and kernel support
    ("2023/10/19 03:11:54 Failed to initialize NVML: could not load NVML library.", "dependency_missing"),
    ("nvidia-container-cli: initialization error: nvml error: driver not loaded", "dependency_missing"),
    ("level=ERROR msg=\"Cannot init NVML library; err: ERROR_LIBRARY_NOT_FOUND\"", "dependency_missing"),
    ("UserWarning: CUDA initialization: The NVIDIA driver on your system is too old (found version 10020).",
     "dependency_missing"),
    # a worker cut off from its control service, database or peer
    ("gcs_rpc_client.h:554: Failed to connect to GCS within 60 seconds. GCS may have been killed.",
     "service_dependency"),
    ("WARNING utils.py:1397 -- Unable to connect to GCS at 10.0.0.19:49650. Check that (1) Ray GCS started",
     "service_dependency"),
    ("[mysql] 2024/08/11 18:25:14 packets.go:37: unexpected EOF", "service_dependency"),
    ("ncclRemoteError: A call failed possibly due to a network error or a remote process exiting prematurely.",
     "service_dependency"),
    # crashes reported by what runs the process
    ("ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -6) local_rank: 0 (pid: 2019) of binary: "
     "/usr/bin/python", "process_crash"),
    ("WARNING worker.py:1851 -- Raylet is terminated: ip=10.0.0.6, id=097320. Termination is unexpected.",
     "process_crash"),
    ("llama.go:438: error starting llama runner: llama runner process has terminated", "process_crash"),
    ("org.pytorch.serve.wlm.BatchAggregator - Load model failed: resnet, error: Worker died.", "process_crash"),
    ("RuntimeError: DataLoader worker (pid 4161) is killed by signal: Killed.", "process_crash"),
    ("./entrypoint.sh: line 28:     7 Killed                  /app/bin/server $ARGS", "process_crash"),
    ("ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 0) local_rank: 0", None),
    # spawners' and operators' container exits; a readiness the hub gave up on
    ("500 POST /hub/login (10.0.0.7): Spawner failed to start [status=ExitCode=1, Error='']", "container_exit"),
    ("events Error pod job-worker-0 container pytorch exitCode: 1 terminated message:", "container_exit"),
    ("[W JupyterHub user:458] jb's server never showed up at http://127.0.0.1:34405/user/jb/ after 30 seconds. "
     "Giving up", "health_check_failure"),
    # settings: a model path, a flag's value, DCGM's module, a memory budget of 0 %
    ("failed to load 'resnet' version 1: Unavailable: unable to find '/models/resnet/1/model.pt' for model instance "
     "'resnet_0'", "config_error"),
    ("error: invalid value 'True' for '--disable-custom-kernels'", "config_error"),
    ("level=fatal msg=\"Error watching fields: This request is serviced by a module of DCGM that is not currently "
     "loaded\"", "config_error"),
    ("W file_system_storage_path_source.cc:267] No versions of servable ssd found under base path /models/ssd",
     "config_error"),
    # limits: shared memory, Dask's memory budget
    ("ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm).",
     "resource_exhaustion"),
    ("distributed.nanny - WARNING - Worker exceeded 95% memory budget.  Restarting", "resource_exhaustion"),
    ("distributed.worker.memory - WARNING - Unmanaged memory use is high. Perhaps some other process is leaking "
     "memory?", None),
    # NCCL's collective timeout; TensorBoard's bind failure; a server that picks another port
    ("[E ProcessGroupNCCL.cpp:737] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=4, "
     "OpType=ALLREDUCE, Timeout(ms)=1800000) ran for 1802212 milliseconds before timing out.", "network_timeout"),
    ("ERROR: TensorBoard could not bind to port 6006, it was already in use", "port_conflict"),
    ("[I 16:42:01.552 NotebookApp] The port 8888 is already in use, trying another port.", None),
    # a web handler's request exception; IPython's numbered source lines of a traceback
    ("[E 2019-04-13 07:26:25.314 JupyterHub web:1621] Uncaught exception GET /hub/user/admin/ (10.0.0.8)", None),
    ("--> 340     raise ReadTimeoutError(", None),
])
def test_round15_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # gateways, tunnels and agents without what they need
    ("2022/03/01 10:00:00 [error] 44#44: *9 [lua] balancer.lua:327: run(): failed to pick server: failed to find valid "
     "upstream server, all upstream servers tried while connecting to upstream", "service_dependency"),
    ("2022/03/01 10:00:00 [error] 45#45: init_worker_by_lua error: all etcd nodes are unavailable",
     "service_dependency"),
    ('2023-01-02T03:04:05Z ERR error="Unable to reach the origin service. The service may be down or it may not be '
     'responding to traffic from cloudflared: EOF" originService=http://web:8080', "service_dependency"),
    ("2023/01/02 03:04:05 [W] [service.go:133] login to server failed: EOF", "service_dependency"),
    ("2023/01/02 03:04:05 [W] [service.go:133] login to server failed: dial tcp 10.0.0.2:7000: connect: connection "
     "refused", "service_dependency"),
    ("2023/01/02 03:04:05 [W] [service.go:133] login to server failed: dial tcp 10.0.0.2:7000: i/o timeout",
     "network_timeout"),
    ('time="Jan 02 03:04:05" level=error msg="Connection to Redis failed, reconnect in 10s" error="storage: Redis is '
     'either down or was not configured" prefix=pub-sub', "service_dependency"),
    ('2023-01-02T03:04:05.000Z [ERROR] auth.handler: error authenticating: error="dial tcp 10.0.0.3:8200: connect: '
     'connection refused" backoff=1s', "service_dependency"),
    ('{"level":"info","logger":"postgres","msg":"record","record":{"error_severity":"FATAL","message":"could not '
     'connect to the primary server: connection to server at \\"db-rw\\" (10.0.0.4), port 5432 failed: Connection '
     'refused"}}', "service_dependency"),
    ("ERRO[0003] Redis disconnected or error received, attempting to reconnect: dial tcp: lookup redis on "
     "10.0.0.10:53: no such host", "service_dependency"),
    # a reconnect that went through a few lines later is over
    ('t=2021-01-01T00:00:05+0000 lvl=eror msg="failed to reconnect session" obj=csess id=ab12 err="read tcp '
     '10.0.0.5:4000->10.0.0.6:443: i/o timeout"', "service_dependency"),
    # refused set-ups and files
    ('time="2021-01-01T00:00:00Z" level=error msg="kubernetes service not found: shop/api" '
     'providerName=kubernetescrd', "config_error"),
    ("[ALERT] 010/101010 (7) : Proxy 'front': unable to find required default_backend: 'be-missing'.",
     "config_error"),
    ("2022-01-01T00:00:00.000Z [ERROR] handler: http: TLS handshake error from 10.1.2.3:5555: no certificate "
     "available", "config_error"),
    ("E0101 00:00:00.000000       1 controller.go:194] no key could decrypt secret (DB_PASSWORD)", "config_error"),
    ('error: cannot fetch certificate: services "sealed-secrets-controller" not found', "config_error"),
    ("2023-01-01T00:00:00Z WRN No ingress rules were defined in provided config (if any) nor from the cli, cloudflared "
     "will return 503 for all incoming HTTP requests", "config_error"),
    ("kong-migrations-1  | No such command for migrations: upgrade-all", "config_error"),
    # crashes, missing binaries, modes, descriptors, locks
    ("winbindd daemon died with exit status 1", "process_crash"),
    ('time="2024-01-01 00:00:00.0000" level=info msg=" /ambex : exited with error" CMD=entrypoint PID=1',
     "process_crash"),
    ("/usr/sbin/smbd: Failed to exec child - No such file or directory", "dependency_missing"),
    ("  invalid permissions on directory '/var/lib/samba/private/msg.sock': has 0777 should be 0700",
     "permission_denied"),
    ('time="2019-01-01T00:00:00Z" level=debug msg="http: Accept error: accept tcp [::]:8443: accept4: too many open '
     'files; retrying in 5ms"', "resource_exhaustion"),
    ('time="2016-01-01T00:00:00Z" level=error msg="redigo: connection pool exhausted"', "resource_exhaustion"),
    ("[1/1/2024] [1:00:00 AM] [Global   ] \u203a \u2716  error     Migration table is already locked", "database_lock"),
    ("do_connect: Connection to 10.0.0.9 failed (Error NT_STATUS_CONNECTION_REFUSED)", "connection_refused"),
    ("2024-01-01T00:00:00Z ERR Failed to create new quic connection error=\"failed to dial to edge with quic: timeout: "
     "no recent network activity\" connIndex=1", "network_timeout"),
    # look-alikes: a client's dropped handshake, an optional update check, a remote tunnel address, an unused fallback
    ("2019/01/01 00:00:00 http: TLS handshake error from 203.0.113.7:40000: read tcp 10.0.0.1:443->203.0.113.7:40000: "
     "read: connection reset by peer", None),
    ('t=2022-01-01T00:00:00+0000 lvl=warn msg="failed to check for update" obj=updater err="Post '
     '\\"https://update.equinox.io/check\\": dial tcp: i/o timeout"', None),
    ('t=2023-01-01T00:00:00+0000 lvl=eror msg="failed to reconnect session" obj=csess id=1 err="The tunnel '
     "'tcp://0.tcp.ngrok.io:12345' is already bound to another tunnel session ERR_NGROK_334\"", None),
    ('ERRO [PROC:1] "- connecting to auth server through tunnel: This is the alternative port we tried and it\'s not '
     'configured. connection error: dial tcp 127.0.0.1:3024: connect: connection refused"', None),
    ('time="2021-01-01T00:00:00Z" level=info msg="agent started"', None),
])
def test_round16_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # CI agents and developer services without their server, database or broker
    ("2019/01/01 00:00:00 grpc error: done(): code: Unavailable: rpc error: code = Unavailable desc = grpc: the "
     "connection is unavailable", "service_dependency"),
    ('{"level":"error","ts":1569666615.03,"msg":"Failed to ping DB retrying in 10 seconds err=dial tcp 10.0.0.5:3306: '
     'connect: connection refused"}', "service_dependency"),
    ('{"level":"error","ts":1569666615.03,"msg":"Failed to ping DB retrying in 10 seconds err=dial tcp 10.0.0.5:3306: '
     'i/o timeout"}', "network_timeout"),
    ("2025-01-01T00:00:00Z WARNING: Checking for jobs... failed runner=abc123 status=502 Bad Gateway",
     "service_dependency"),
    ("2025-01-01T00:00:00Z WARNING: Checking for jobs... forbidden runner=abc123 status=403 Forbidden", None),
    ("panic: Failed to open sql connection dial tcp 127.0.0.1:5432: getsockopt: connection refused [recovered]",
     "service_dependency"),
    ('WARNING: Failed to pull image with policy "always": error during connect: Post '
     '"https://10.0.0.9:2376/v1.41/images/create?fromImage=alpine": dial tcp 10.0.0.9:2376: i/o timeout',
     "service_dependency"),
    ("SEVERE: Failed to connect to jenkins.example.internal:50000", "service_dependency"),
    ("2022-01-01 00:00:00.000 WARN [zulip.queue:9800] TornadoQueueClient lost connection to RabbitMQ, reconnecting in "
     "2 secs...", "service_dependency"),
    ("2026-01-01 00:00:00.000 [erro]  pubsub: pubsub failed to dial postgres  network=tcp  address=db:5432",
     "service_dependency"),
    # timeouts, memory, missing binaries, modes, limits, locks, crashes, settings
    ('{"level":"warn","error":"rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within '
     'timeout","message":"grpc error: wait(): code: Unavailable"}', "network_timeout"),
    ("app_1  | MongoTimeoutError: Server selection timed out after 30000 ms", "network_timeout"),
    ("[ERROR] Java heap space -> [Help 1]", "out_of_memory"),
    ("#  Out of Memory Error (os_linux.cpp:2795), pid=7, tid=0x00007f00", "out_of_memory"),
    ("/builds/x.sh: line 3: ./build.sh: No such file or directory", "dependency_missing"),
    ('time="2025-01-01T00:00:00 UTC" level=info msg="Load artifact" error="failed to clone \\"repo\\": exec: '
     '\\"git\\": executable file not found in $PATH"', "dependency_missing"),
    ("jenkins_1  | Can not write to /var/jenkins_home/copy_reference_file.log. Wrong volume permissions?",
     "permission_denied"),
    ("Rails Error: Unable to access log file. Please ensure that /app/log/production.log exists and is writable (ie, "
     "make it writable for user and group: chmod 0664 /app/log/production.log).", "permission_denied"),
    ("npm ERR! It is likely you do not have the permissions to access this file as the current user",
     "permission_denied"),
    ('persistentvolumeclaims "pvc-1" is forbidden: exceeded quota: storage-quota, requested: requests.storage=5Gi',
     "resource_exhaustion"),
    ("fatal: Unable to create /srv/repo/.git/index.lock: File exists.", "database_lock"),
    ("Runner listener exited with error code 2", "process_crash"),
    ("#12 41.0 aarch64-binfmt-P: QEMU internal SIGSEGV {code=MAPERR, addr=0x20}", "process_crash"),
    ('2022-01-01 00:00:00.000 [ERROR] <run.go:817> startEmbeddedPostgres.func1  postgres exited {"error": "exit '
     'status 1"}', "process_crash"),
    ("An error occurred: Not configured", "config_error"),
    ('app_1  | {"level":"error","msg":"LoadConfig: Error opening config file=config.json, err=no config file found, "}',
     "config_error"),
    # look-alikes: a public uplink's reset, a start-up poll, the runner's monitor port, a build tool's exit summary, a
    # failure that is over
    ("verdaccio  | http --- ERR, req: 'GET https://registry.npmjs.org/react', error: read ECONNRESET", None),
    ("  HTTP(S) error for http://localhost:3000 Error: connect ECONNREFUSED 127.0.0.1:3000", None),
    ("[2023-01-01 00:00:00Z ERR JobNotification] System.Net.Internals.SocketExceptionFactory+ExtendedSocketException "
     "(111): Connection refused [::ffff:127.0.0.1]:49100", None),
    ("Error: Error: buildah exited with code 125", None),
    ("2022-01-01 00:00:00 INFO connection to the database recovered after 3 attempts", None),
])
def test_round17_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # configuration-management agents and cluster daemons without their server
    ('Error: Could not retrieve catalog from remote server: Failed to open TCP connection to puppet:8140 (Connection '
     'refused - connect(2) for "puppet" port 8140)', "service_dependency"),
    ("[2020-01-01T00:00:00+00:00] ERROR: Connection refused connecting to https://chef.internal/organizations/x/"
     "nodes/y, retry 2/5", "service_dependency"),
    ("pacemakerd [1] (mcp_read_config) info: Could not connect to Corosync CMAP: CS_ERR_LIBRARY (retrying in 2s)",
     "service_dependency"),
    ("iscsiadm: Connection to Discovery Address 10.0.0.7 failed", "service_dependency"),
    ("iscsid: Kernel reported iSCSI connection 1:0 error (1020 - ISCSI_ERR_TCP_CONN_CLOSE: TCP connection closed) "
     "state (3)", "service_dependency"),
    ("django.db.utils.OperationalError: could not connect to server: No route to host", "service_dependency"),
    # locks, checks, memory, missing virtualisation support, disks, timeouts, limits
    ("Error: Error acquiring the state lock", "database_lock"),
    ("Notice: Run of Puppet configuration client already in progress; skipping  (/opt/puppetlabs/puppet/cache/state/"
     "agent_catalog_run.lock exists)", "database_lock"),
    ('qemu-img: Could not open \'/var/lib/libvirt/images/a.qcow2\': Failed to get shared "write" lock',
     "database_lock"),
    ("==> ubuntu.qemu.ubuntu: Timeout waiting for SSH.", "health_check_failure"),
    ("warning: Processing failed op monitor for vip on node1: unknown error (1)", "health_check_failure"),
    ("[  801.123456] Kernel panic - not syncing: System is deadlocked on memory", "out_of_memory"),
    ("qemu-system-x86_64: cannot set up guest memory 'pc.ram': Cannot allocate memory", "out_of_memory"),
    ("qemu-system-x86_64: Could not access KVM kernel module: No such file or directory", "dependency_missing"),
    ("VBoxManage: error: VERR_VM_DRIVER_NOT_INSTALLED (-1908) - The support driver is not installed.",
     "dependency_missing"),
    ('  Volume group "vg0" has insufficient free space (10 extents): 20 required.', "disk_full"),
    ("SaltReqTimeoutError: after 60 seconds. (Try 2 of 3)", "network_timeout"),
    ("error: unsupported configuration: unknown watchdog model 'foo'", "config_error"),
    ("  Main PID: 1234 (code=dumped, signal=SEGV)", "process_crash"),
    ("unable to get PID for CT 105 (not running?)", "container_exit"),
    ("lxcfs[1]: fuse: error creating thread: Resource temporarily unavailable", "resource_exhaustion"),
    ("nginx: [emerg] still could not bind()", "port_conflict"),
    # look-alikes: the end marker of a panic, Vagrant's boot poll, a cgroup refusal, GTK's display, a recovered Go panic
    ("---[ end Kernel panic - not syncing: System is deadlocked on memory ]---", None),
    ("    default: Warning: Connection refused. Retrying...", None),
    ("ln: failed to create symbolic link '/sys/fs/cgroup/systemd/name=systemd': Operation not permitted", None),
    ("Unable to init server: Could not connect: Connection refused", None),
])
def test_round18_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # mail and chat daemons without the service they hand work to
    ("postfix/submission/smtpd[88]: warning: SASL: Connect to private/auth failed: Connection refused",
     "service_dependency"),
    ("postfix/smtpd[12]: warning: connect to Milter service inet:localhost:8891: Connection refused",
     "service_dependency"),
    ("2024-01-01 00:00:00 #77(normal) lua; lua_redis.lua:998: cannot execute redis request", "service_dependency"),
    ("[ERROR@mau.mx] Connection to homeserver failed, retrying in 5 seconds", "service_dependency"),
    ("ERROR: connect_unix_sock: connect(/run/kamailio/kamailio_ctl): Connection refused", "service_dependency"),
    # their configuration
    ("dovecot: doveconf: Fatal: Error in configuration file /etc/dovecot/local.conf line 7: Unknown setting: x",
     "config_error"),
    ("rspamd_redis_init: cannot init redis backend for BAYES_HAM", "config_error"),
    ('1700000000: Error: Unable to load CA certificates. Check cafile "/etc/mosquitto/ca.pem".', "config_error"),
    ('1700000000: Error: Unable to open pwfile "/mosquitto/config/pw".', "config_error"),
    ("ERROR: Can't parse clamd configuration file /usr/local/etc/clamd.conf", "config_error"),
    (" 0(42) ERROR: <core> [db.c:203]: db_bind_mod(): Module db_mysql not found. Missing loadmodule?",
     "config_error"),
    # permissions, memory, modules, locks, ports, crashes, health
    ("opendkim[9]: k1._domainkey.example.org: key data is not secure: /etc/opendkim can be read or written by other "
     "users", "permission_denied"),
    ("certmanager error SSL/TLS: Failed to load '/etc/prosody/certs/a.key': Check that the permissions allow Prosody "
     "to read this file. (for a)", "permission_denied"),
    ("LibClamAV Error: cli_calloc(): Can't allocate memory (16384 bytes).", "out_of_memory"),
    ("postmap: fatal: unsupported dictionary type: pcre. Is the postfix-pcre package installed?",
     "dependency_missing"),
    ("dovecot: auth: Fatal: Support not compiled in for userdb driver 'ldap'", "dependency_missing"),
    ("dovecot: master: Fatal: Dovecot is already running with PID 17 (read from /run/dovecot/master.pid)",
     "database_lock"),
    ("0: Trying to bind fd 7 to <0.0.0.0:5349>: errno=98", "port_conflict"),
    ("tport_bind_socket 801, bind error: errno=98", "port_conflict"),
    ("kernel: traps: asterisk[4242] trap invalid opcode ip:7f00 sp:7ffe error:0 in libc.so.6", "process_crash"),
    ("smtpd[77]: lost child: pony express exited abnormally", "process_crash"),
    ("control[3]: fatal: imsg_read: Connection reset by peer", "process_crash"),
    ("watchdog-mailcow_1 | Postfix hit error limit", "health_check_failure"),
    # look-alikes: a remote mail exchanger's timeout, one address of several, coturn's default file, a token refused,
    # an IPv6 loopback, a healthy watchdog, ClamAV's note of a zero-byte allocation
    ("postfix/smtp[5]: connect to mx.example.org[203.0.113.9]:25: Connection timed out", None),
    ("* Immediate connect fail for 2001:db8::1: Network is unreachable", None),
    ("0: WARNING: Cannot find config file: turnserver.conf. Default and command-line settings will be used.", None),
    ("[ERROR] Failed to connect to homeserver: msg=Failed to GET JSON code=401 wrapped=M_UNKNOWN_TOKEN", None),
    ("portmanager error Failed to open server port 5280 on ::1, Cannot assign requested address", None),
    ("watchdog-mailcow_1 | Rspamd health level: 100% (10/10), health trend: 0", None),
    ("LibClamAV Warning: cli_realloc(): Attempt to allocate 0 bytes. Please report to https://github.com/Cisco-Talos/"
     "clamav/issues", None),
])
def test_round19_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # batch schedulers and cluster file systems without their server
    ("sacctmgr: error: slurm_persist_conn_open_without_init: failed to open persistent connection to host:db1:6819: "
     "Connection refused", "service_dependency"),
    ("squeue: error: Unable to contact slurm controller (connect failure)", "service_dependency"),
    ("qsub: cannot connect to server head1 (errno=111) Connection refused", "service_dependency"),
    ('srun: error: Munge encode failed: Failed to access "/var/run/munge/munge.socket.2": No such file or directory',
     "service_dependency"),
    ("I0101 00:00:00  42 volume_grpc_client.go:25] heartbeat error: rpc error: code = Unavailable desc = x",
     "service_dependency"),
    ("[2021-01-01 00:00:00.000000] I [glusterfsd-mgmt.c:2463:mgmt_rpc_notify] 0-glusterfsd-mgmt: Exhausted all volfile "
     "servers", "service_dependency"),
    # their settings
    ("slurmctld: fatal: mkdir(/var/spool/slurmctld): No such file or directory", "config_error"),
    ("slurmctld: error: Duplicated NodeHostName gpu01 in the config file", "config_error"),
    ("slurmd: error: fetch_config: DNS SRV lookup failed", "config_error"),
    ("FATAL:   container creation failed: open /etc/resolv.conf: no such file or directory", "config_error"),
    ('munged: Error: Failed to check keyfile "/etc/munge/munge.key": No such file or directory', "config_error"),
    # parts the build lacks, memory, limits, locks, ports, crashes, timeouts, checks
    ("slurmd: error: Couldn't find the specified plugin name for cgroup/v1 looking at all files", "dependency_missing"),
    ("slurmd: error: cannot find cgroup plugin for cgroup/v1", "dependency_missing"),
    ("slurmstepd: error: execve(): ./a.out: No such file or directory", "dependency_missing"),
    ("slurmctld: fatal: Incorrect permissions on state save loc: /var/spool/slurm", "permission_denied"),
    ("srun: error: node07: task 3: Out Of Memory", "out_of_memory"),
    ("slurmstepd: error: Detected 1 oom-kill event(s) in step 42.batch cgroup.", "out_of_memory"),
    ("slurmstepd: error: Exceeded step memory limit at some point.", "resource_exhaustion"),
    ("pbs_mom: another mom running", "database_lock"),
    ("[2022-01-01 00:00:00.000000 +0000] E [socket.c:968:__socket_server_bind] 0-socket.management: Port is already in "
     "use", "port_conflict"),
    ("mpirun noticed that process rank 3 with PID 991 on node n12 exited on signal 11 (Segmentation fault).",
     "process_crash"),
    ("=   EXIT CODE: 139", "process_crash"),
    ("src/osd/OSD.cc: 4242: FAILED ceph_assert(p != nullptr)", "process_crash"),
    ("2020-01-01 00:00:00.000 7f00 0 monclient(hunting): authenticate timed out after 300", "network_timeout"),
    ("<FATAL>: The mount point is not ready in 10 seconds, exit it [mount_unix.go:59]", "health_check_failure"),
    # look-alikes: an orderly Hydra stop, a refusal that timed out, an optional Gluster translator, a directory run as
    # a program, Slurm's own persist connection timing out
    ("=   EXIT CODE: 15", None),
    ("W [MSGID: 101095] [xlator.c:213:xlator_volopt_dynload] 0-xlator: DL open failed [{error=/usr/lib/glusterfs/"
     "xlator/nfs/server.so: cannot open shared object file: No such file or directory}]", None),
    ("ERROR  : Exec failed: /scratch/image/: Permission denied", None),
    ("sacctmgr: error: slurm_persist_conn_open_without_init: failed to open persistent connection to slurmdbd:6819: "
     "Connection timed out", "network_timeout"),
])
def test_round20_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # IoT and edge services without their broker, daemon or server
    ("Zigbee2MQTT:error 2024-01-01 00:00:00: MQTT failed to connect, exiting...", "service_dependency"),
    ("hass[42]: Can't connect to pigpio at 127.0.0.1(8888)", "service_dependency"),
    ("Error: connect ECONNREFUSED /var/run/docker.sock", "service_dependency"),
    ("unix:///var/run/supervisor.sock refused connection", "service_dependency"),
    ("E0101 00:00:00.000000 1 reflector.go:205] pkg/mod/k8s.io/client-go/tools/cache/reflector.go:125: Failed to list "
     "*v1.Pod: Get https://10.96.0.1:443/api/v1/pods?limit=500: dial tcp 10.96.0.1:443: connect: connection refused",
     "service_dependency"),
    # their settings
    ("Zigbee2MQTT:error 2024-01-01 00:00:00: Error: Error while opening serialport 'Error: Error: No such file or "
     "directory, cannot open /dev/ttyUSB0'", "config_error"),
    ('level=fatal msg="failed to find memory cgroup, you may need to add \\"cgroup_memory=1 cgroup_enable=memory\\" '
     'to your linux cmdline (/boot/firmware/cmdline.txt on a Raspberry Pi)"', "config_error"),
    ("E0101 00:00:00.000000 1 websocket.go:90] Init websocket connection failed websocket: bad handshake",
     "config_error"),
    ("hostapd[99]: Could not open configuration file '/etc/hostapd/hostapd.conf' for reading.", "config_error"),
    ("docker: invalid reference format.", "config_error"),
    # permissions, disks, locks, crashes, memory, limits, checks, timeouts, ports
    ("Error: Error: Operation not permitted, cannot open /dev/ttyAMA0", "permission_denied"),
    ("Folder at /home/pi/.octoprint/timelapse doesn't appear to be writable, please fix its permissions",
     "permission_denied"),
    ("ERROR (MainThread) [supervisor.homeassistant.core] Error updating Home Assistant Core blocked from execution, "
     "not enough free space (1.2GB) left on the device", "disk_full"),
    ("2024-01-01 00:00:00 initInitialise: Can't lock /run/pigpio.pid", "database_lock"),
    ("[12:00:00] INFO: Service Zigbee2MQTT exited with code 1 (by signal 0)", "process_crash"),
    ("[cmd] /run.sh exited 134", "process_crash"),
    ("mmal: mmal_vc_component_create: failed to create component 'vc.ril.camera' (1:ENOMEM)", "out_of_memory"),
    ("ERROR (MainThread) [homeassistant] Error doing job: socket.accept() out of system resource",
     "resource_exhaustion"),
    ("WARNING (MainThread) [supervisor.misc.tasks] Watchdog miss API response from Home Assistant",
     "health_check_failure"),
    ("ERROR (MainThread) [homeassistant.components.hassio.handler] Timeout on /host/info request", "network_timeout"),
    ("node-red | 1 Jan 00:00:00 - [error] Error: port in use", "port_conflict"),
    # look-alikes: an MQTT login refused, an s6 stop, apt without root, a client that left, the camera message quoted
    # in a traceback's source line, a kubelet informer's timeout
    ("[2024-01-01 00:00:00] error: z2m: MQTT failed to connect, exiting... (Connection refused: Not authorized)", None),
    ("[12:00:00] INFO: Service NGINX exited with code 256 (by signal 15)", None),
    ("E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?", None),
    ("ConnectionResetError: Cannot write to closing transport", None),
    ('    "Camera is not enabled. Try running \'sudo raspi-config\' "', None),
    ("E0101 00:00:00.000000 1 reflector.go:205] Failed to list *v1.Service: Get https://10.43.0.1:443/api/v1/services: "
     "dial tcp 10.43.0.1:443: i/o timeout", "network_timeout"),
])
def test_round21_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # self-hosted apps refused their files or a system call
    ("s6-svscan: warning: unable to iopause: Operation not permitted", "permission_denied"),
    ("System.UnauthorizedAccessException: Access to the path '/config/logs' is denied.", "permission_denied"),
    ("2020-01-01 00:00:00.0|Trace|DiskProviderBase|Directory '/tv/' isn't writable. Access to the path "
     "'/tv/sonarr_write_test.txt' is denied.", "permission_denied"),
    ("   -- Path: Folder is not writable by user abc", "permission_denied"),
    ("libc++abi: terminating with uncaught exception of type std::__2::system_error: clock_gettime(CLOCK_MONOTONIC) "
     "failed: Operation not permitted", "permission_denied"),
    # their settings
    ('"WebUI: Unable to bind to IP: 10.0.0.*, port: 8080. Reason: Unsupported socket operation"', "config_error"),
    ("panic: While parsing config: invalid character '}' looking for beginning of object key string", "config_error"),
    ("2024/01/01 00:00:00 open /database/database.db: is a directory", "config_error"),
    ("s6-overlay-suexec: fatal: can only run as pid 1", "config_error"),
    ("/mnt/docker-aio-config is not a mountpoint. Cannot proceed", "config_error"),
    # services, modules, locks, limits, crashes, timeouts, ports
    ("Error: Error -3 connecting to redis:6379. Temporary failure in name resolution.", "service_dependency"),
    ("Error: connect EHOSTUNREACH 172.20.0.3:5432", "service_dependency"),
    ("MediaBrowser.Common.FfmpegException: Failed to find valid ffmpeg", "dependency_missing"),
    ("Cannot open assembly '/opt/Sonarr/Sonarr.exe': No such file or directory.", "dependency_missing"),
    ("Plex Media Server[42]: Sqlite3: Sleeping for 200ms to retry busy DB.", "database_lock"),
    ("Unhandled exception. System.IO.IOException: The configured user limit (128) on the number of inotify instances "
     "has been reached.", "resource_exhaustion"),
    ("qbittorrent-nox  | Caught signal: SIGABRT", "process_crash"),
    ("seafile      | *** /scripts/start.py exited with status 2.", "process_crash"),
    ("Bus error", "process_crash"),
    (" ---> System.Net.WebException: Http request timed out", "network_timeout"),
    ("        kind: AddrInUse,", "port_conflict"),
    # look-alikes: a corrupt database, a dual-stack bind, a request's panic, a remote panic, a login refused, an NLog
    # trace line, my_init's failed hook (none in round 16)
    ("Error: SqliteError: database disk image is malformed", None),
    ("WRN tr-udp.cc:190 Couldn't bind IPv6 socket ::: Address already in use (98)", None),
    ("[panic][ERROR] thread 'rocket-worker-thread' panicked at 'called `Result::unwrap()` on an `Err` value'", None),
    ('ERR x error="rpc error: code = Internal desc = runtime error: invalid memory address or nil pointer dereference"',
     None),
    ('[error][Plex Scan]: Scan interrupted {"errorMessage":"Permission denied even after attempted authentication"}',
     None),
    ("17-8-31 11:19:58.8|Trace|Owin|SQLite error (5): database is locked", None),
    ("*** /etc/my_init.d/slapd failed with status 1", None),
])
def test_round22_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # control clients and agents without their daemon or API
    ('whack: Pluto is not running (no "/run/pluto/pluto.ctl")', "service_dependency"),
    ("[1700000000] unbound-control[42:0] error: connect: Connection refused for ::1 port 8953", "service_dependency"),
    ("Fatal: Unable to connect to remote '/run/pdns-recursor/pdns_recursor.controlsocket': No such file or directory.",
     "service_dependency"),
    ('time="2022-01-01" level=error msg="auth-api: auth with api key failed return nil response, error: dial tcp '
     '127.0.0.1:8080: connect: connection refused"', "service_dependency"),
    ("2023/12/06 17:35:37 wazuh-logcollector: ERROR: socketerr (not available).", "service_dependency"),
    # their settings
    ("ossec-analysisd: Configuration error. Exiting.", "config_error"),
    ("bird: /etc/bird/bird.conf:42:7 syntax error, unexpected '}'", "config_error"),
    ("2016-06-15_07:13:07.98666 bird: Mesh_10_0_5_1: Socket error: bind: Address not available", "config_error"),
    ("Mar 23 10:21:32 gw dhcpd[2241]: Not configured to listen on any interfaces!", "config_error"),
    ("fatal error: can't find local.zeek", "config_error"),
    ("FATAL: ips.rules:7 undefined variable name: HOME_NET.", "config_error"),
    ("<Warning> (GetIfaceMTU) -- [ERRCODE: SC_ERR_SYSCALL(50)] - Failure when trying to get MTU via ioctl for 'eth1': "
     "No such device (19)", "config_error"),
    # kernel parts, crashes, locks, ports, checks, timeouts, permissions, memory, limits
    ("Sat Oct 15 13:37:10 2022: Unable to load the driver.", "dependency_missing"),
    ("FATA[0000] Failed to get a tun/tap device                error=\"no such file or directory\"",
     "dependency_missing"),
    ("BGPD: Received signal 11 at 1600000000 (si_addr 0x0, PC 0x7f00); aborting...", "process_crash"),
    ("Snort (PID 1234) caught fatal signal: SIGSEGV (11)", "process_crash"),
    ('Error: zeek terminated immediately after starting; check output with "diag"', "process_crash"),
    ("ERROR: Another instance is locking this process.", "database_lock"),
    ("zerotier-one: fatal error: cannot bind to local control interface port 9993", "port_conflict"),
    ("Pluto listening for IKE on udp 500                [FAILED]", "health_check_failure"),
    ("dpinger 94898 - ALERT: WAN_DHCP (Addr: 8.8.8.8 Alarm: none -> down RTT: 0.0 ms Loss: 100.0 %)",
     "health_check_failure"),
    ("pdns_recursor[1]: Failed to update . records, got an exception: Too much time waiting for .|NS, timeouts: 3",
     "network_timeout"),
    ("Apr 1 10:53:19 radvd[4006]: exiting, permissions on conf_file invalid", "permission_denied"),
    ("daemon.err nlbwmon[2548]: Netlink receive failure: Out of memory", "out_of_memory"),
    ("ValueError: Can't connect to knot socket: OS lacked necessary resources (data: None)", "resource_exhaustion"),
    # look-alikes: /dev/null, dpinger coming back, a unit's exit by its own stop, the agent's reconnecting loss
    ("[1677054541] unbound[1:0] error: Could not open logfile /dev/null: Permission denied", None),
    ("dpinger 94898 - ALERT: WAN_DHCP (Addr: 8.8.8.8 Alarm: down -> none RTT: 20.0 ms Loss: 0.0 %)", None),
    ("2023/04/28 22:49:54 wazuh-agentd: ERROR: (1137): Lost connection with manager. Setting lock.", None),
])
def test_round23_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # cloud credentials and authorization: no file mode to fix
    ("E0101 00:00:00.000000       1 aws_manager.go:262] Failed to regenerate ASG cache: NoCredentialProviders: no "
     "valid providers in chain. Deprecated.", "config_error"),
    ("[error] [output:cloudwatch_logs:cloudwatch_logs.0] PutLogEvents API responded with error='AccessDeniedException'",
     "config_error"),
    ("java.nio.file.AccessDeniedException: /var/lib/app/data.lock", "permission_denied"),
    ("mount error(13): Permission denied", "config_error"),
    ('{"level":"warning","msg":"Role: arn:aws:iam::111122223333:role/app on namespace: default not found.",'
     '"time":"2020-01-01T00:00:00Z"}', "config_error"),
    # the node's settings and paths
    ("flag provided but not defined: -kubeconfig-path", "config_error"),
    ('time="2022-01-01T00:00:00Z" level=fatal msg="x" error="open /etc/app/tls.crt: is a directory"', "config_error"),
    ("WARNING Agent failed with exception: [Errno 20] Not a directory: '/var/log/azure/extension'", "config_error"),
    ("E! [telegraf] Error running agent: error parsing regexp: missing closing ): `^(foo`", "config_error"),
    # the node's daemons and services
    ('I0101 00:00:00.000000    3263 kubelet.go:2055] "Skipping pod synchronization" err="PLEG is not healthy: pleg '
     'was last seen active 3h1m2.5s ago; threshold is 3m0s"', "health_check_failure"),
    ('(combined from similar events): Liveness probe failed: {"level":"info","msg":"timeout: failed to connect '
     'service"}', "health_check_failure"),
    ("Mount attempt 3/3 failed due to timeout after 15 sec", "network_timeout"),
    ('{"level":"warning","msg":"error finding role for pod: rpc error: code = Unavailable desc = there is no address '
     'available"}', "service_dependency"),
    ('{"level":"fatal","msg":"error creating server gateway: error dialing grpc server: context deadline exceeded"}',
     "service_dependency"),
    ("Error: Unable to connect to OMI service. (Is OMI installed and started?)", "service_dependency"),
    ('{"level":"error","message":"Unable to fetch metadata from IMDS"}', "service_dependency"),
    # pools, limits, locks and exits
    ("[azure-vnet] Failed to allocate pool: Failed to delegate: Failed to allocate address: No available addresses.",
     "resource_exhaustion"),
    ("ERROR filewatcher listener encountered error when add watch: no space left on device", "resource_exhaustion"),
    ("ERROR:Exception: WriteToFolder:Too many files under /var/lib/waagent/events exit", "resource_exhaustion"),
    ("2018/07/01 18:04:51 Failed to initialize key-value store of network plugin, err:Store is locked.",
     "database_lock"),
    ("azure-cns-x7kq2                 0/1     Error              4          2m", "container_exit"),
    ("      Exit Code:    -1073741510", "container_exit"),
    ("  Warning  FailedDaemonPod  3m  daemonset-controller  Found failed daemon pod kube-system/csi-node-x on node n1",
     "container_exit"),
    # look-alikes: PLEG before the first relist, a full disk, a pod row that runs, a Java setting
    ("I0429 04:15:01.160048 32157 kubelet.go:1794] skipping pod synchronization - [container runtime is down PLEG is "
     "not healthy: pleg was last seen active 2562047h47m16.854775807s ago; threshold is 3m0s]", None),
    ("write /var/lib/app/out.bin: no space left on device", "disk_full"),
    ("azure-cns-x7kq2                 1/1     Running            0          2m", None),
    ("Mount attempt 1/3 succeeded after a timeout of 15 sec", None),
])
def test_round24_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # data directories and stores held by another instance
    ("Fatal: Failed to create the protocol stack: blockchain db error: resource temporarily unavailable",
     "database_lock"),
    ("Error: Cannot obtain a lock on data directory /var/lib/bitcoind. Bitcoin Core is probably already running.",
     "database_lock"),
    ("net.minecraft.util.SessionLock$ExceptionWorldConflict: /srv/mc/world/session.lock: already locked (possibly by "
     "other Minecraft instance?)", "database_lock"),
    ("Caused by: org.h2.mvstore.MVStoreException: The file is locked: /data/app.db.mv.db [2.1.214/7]", "database_lock"),
    ("liquibase.exception.LockException: Could not acquire change log lock.  Currently locked by 10.0.0.5",
     "database_lock"),
    ("2024-04-25 09:39:28,359 INFO db.liquibase :: Database has unrun migrations. Waiting for migration lock to be "
     "cleared...", None),
    # space
    ("2024-01-01T00:00:00Z *** Disk space is too low!", "disk_full"),
    ("bc-server[1]: I(1/Cam 1): No available inodes on /var/lib/bluecherry/recordings", "disk_full"),
    # native crash reports
    ("app: src/store.c:812: store_commit: Assertion `tx->state == OPEN' failed.", "process_crash"),
    ("Error: unhandled exception: sync.nim(10, 5) `ok` [AssertionDefect]", "process_crash"),
    ("lightningd: FATAL SIGNAL 11 RECEIVED", "process_crash"),
    ("web:web-socketio: ERROR (spawn error)", "process_crash"),
    # backing daemons
    ("2025-01-01 00:00:00,000 1 INFO ? odoo.sql_db: Connection to the database failed", "service_dependency"),
    ('{"level":"warn","message":"Retrying redis connection: attempt 7"}', "service_dependency"),
    ("[ERR] LTND: unable to connect to bitcoind: unable to subscribe for zmq block events: dial tcp 127.0.0.1:28332: "
     "connect: connection refused", "service_dependency"),
    ("ERROR ipfshttp: error posting to IPFS: Post http://127.0.0.1:5001/api/v0/id: dial tcp 127.0.0.1:5001: connect: "
     "connection refused", "service_dependency"),
    # limits, binds, permissions, settings
    ("error=\"mdbx_cursor_put: MDBX_MAP_FULL: Environment mapsize limit reached\"", "resource_exhaustion"),
    ("KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a "
     ".transacting(trx) call?", "resource_exhaustion"),
    ("Failed to connect to the database, KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably "
     "full.", "service_dependency"),
    ("<W>2024-01-01 00:00:00.000 1 => Server: TCP Listen on [::]:64738 failed: The bound address is already in use",
     "port_conflict"),
    ("Could not chown /var/lib/litecoin (may not have appropriate permissions)", "permission_denied"),
    ("sqlite3.OperationalError: attempt to write a readonly database", "permission_denied"),
    ("error: Database Connection Error: ENOTFOUND undefined:undefined", "config_error"),
    ("[ERROR] failed to open DB: pq: SSL is not enabled on the server", "config_error"),
    ("abc123   app:1.0   \"./run.sh\"   5 minutes ago   Restarting (1) 20 seconds ago   app", "container_exit"),
    ("Subsystem availability-recovery-subsystem appears unresponsive.", "health_check_failure"),
    # look-alikes: a lock released, a disk-space setting, an assertion passing, a container up
    ("Released the lock on data directory /var/lib/bitcoind", None),
    ("-prune=550: set the disk space target for block files (MiB)", None),
    ("abc123   app:1.0   \"./run.sh\"   5 minutes ago   Up 4 minutes   app", None),
])
def test_round25_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # Windows crash reports and SQL Server
    ("EventType=APPCRASH", "process_crash"),
    ("Description: The process was terminated due to an unhandled exception.", "process_crash"),
    ("Unhandled exception at 0x00007FF81A2B in Worker.exe: 0xC0000005: Access violation writing location 0x0.",
     "process_crash"),
    ("Faulting application name: Worker.exe, version: 2.1.0.0, time stamp: 0x5c7f684f", "process_crash"),
    ("Faulting module name: KERNELBASE.dll, version: 10.0.19041.1, time stamp: 0x2f2f2f2f", None),
    ("2024-01-01 10:00:00.00 Server      Error 5(Access is denied.) occurred while opening file "
     "'/var/opt/mssql/data/msdbdata.mdf' to obtain configuration information at startup.", "permission_denied"),
    ("sqlservr: This program requires a machine with at least 2000 megabytes of memory.", "out_of_memory"),
    ("Could not allocate space for object 'dbo.t' in database 'app' because the 'PRIMARY' filegroup is full due to "
     "lack of storage space or database files reaching the maximum allowed size.", "disk_full"),
    ("ERROR! The server quit without updating PID file (/var/lib/mysql/db1.pid).", "process_crash"),
    # browsers under automation
    ("[0101/000000.000000:ERROR:zygote_host_impl_linux.cc(90)] Running as root without --no-sandbox is not supported.",
     "config_error"),
    ("QXcbConnection: Could not connect to display :99", "config_error"),
    ("unknown error: Chrome failed to start: exited abnormally.", "process_crash"),
    ("Received signal 11 SEGV_MAPERR 000000000000", "process_crash"),
    ("Received signal 15; terminating.", None),
    ("[1:1:0101/000000.000000:ERROR:bus.cc(407)] Failed to connect to the bus: Failed to connect to socket "
     "/run/dbus/system_bus_socket: No such file or directory", None),
    # ports: a listener's conflict, and a client out of ephemeral ports (never freePort)
    ("java.net.BindException: Selenium is already running on port 5555. Or some other service is.", "port_conflict"),
    ("Microsoft.AspNetCore.Server.HttpSys.HttpSysException (0x80004005): The process cannot access the file because "
     "it is being used by another process.", "port_conflict"),
    ("The process cannot access the file because it is being used by another process: 'C:\\data\\app.log'", None),
    ("java.net.BindException: Address already in use: connect", "resource_exhaustion"),
    # backing daemons and their sockets
    ("Failed to connect to socket /run/app/engine.sock: No such file or directory", "service_dependency"),
    ("Mar 1 00:00:00 nas upsmon[812]: Poll UPS [ups1@localhost] failed - Driver not connected", "service_dependency"),
    ("Mar 1 00:00:00 nas upsmon[812]: Communications with UPS ups1@localhost lost", None),
    ("Couldn't register this node: The hub is down or not responding: Connect to hub:4444 failed",
     "service_dependency"),
    ("{\"level\":\"error\",\"msg\":\"convert: start process: LibreOffice socket not available: context deadline "
     "exceeded\"}", "service_dependency"),
    # limits, locks, checks, settings
    ("FATAL:  pre-existing shared memory block (key 5432001, ID 32769) is still in use", "database_lock"),
    ("BTRFS: error (device sda2) in __btrfs_free_extent:3081: errno=-28 No space left", "disk_full"),
    ("chown: /config/app.db: Operation not permitted", "permission_denied"),
    ("'api' failed protocol test [HTTP] at [localhost]:8080 [TCP/IP] -- HTTP: Error receiving data",
     "health_check_failure"),
    ("Fatal error: at least one UPS must be defined in ups.conf", "config_error"),
    ("Error: 0x80370102 The virtual machine could not be started because a required feature is not installed.",
     "dependency_missing"),
    ("hcsshim::CreateComputeSystem x: Insufficient system resources exist to complete the requested service.",
     "resource_exhaustion"),
])
def test_round26_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # identity and directory services
    ('time="2024-01-01T00:00:00Z" level=error msg="Unable to find config file: /etc/authelia/configuration.yml"',
     "config_error"),
    ("(2024-01-01 10:00:00): [sssd] [get_monitor_config] (0x0010): No services configured!", "config_error"),
    ("65a1b2c3 config error processing olcDatabase={1}mdb,cn=config: <olcDbDirectory> invalid path", "config_error"),
    ("Jan 1 00:00:00 fs1 winbindd[812]: Could not fetch our SID - did we join?", "config_error"),
    ("Caused by: java.net.SocketException: Protocol not available", "config_error"),
    ("ldb: WARNING: Module [samba_secrets] not found - do you need to set LDB_MODULES_PATH?", "dependency_missing"),
    ("slapd[77]: lt_dlopenext failed: (back_hdb.la) file not found", "dependency_missing"),
    ("(2024-01-01 10:00:00): [sssd] [svc_child_info] (0x0040): Child [4242] ('pam':'pam') exited with code [1]",
     "process_crash"),
    ("set_nt_acl_no_snum: fset_nt_acl returned NT_STATUS_ACCESS_DENIED.", "permission_denied"),
    ("5e3a mdb_id2entry_put: mdb_put failed: MDB_MAP_FULL: Environment mapsize limit reached(-30792)",
     "resource_exhaustion"),
    # virtualization hosts
    ("TASK ERROR: start failed: QEMU exited with code 1", "process_crash"),
    # a tool relaying it (Packer) keeps Compose's reading
    ("Error starting VM: start failed: QEMU exited with code 1", "container_exit"),
    ("TASK ERROR: can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout", "database_lock"),
    ("Error: 500 can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout", None),
    ("kvm: -device virtio-net-pci,bus=pci.3,addr=0x12: Bus 'pci.3' not found", "config_error"),
    ("/usr/sbin/libvirtd: /usr/lib/libvirt.so.0: version `LIBVIRT_PRIVATE_6.0.0' not found (required by "
     "/usr/sbin/libvirtd)", "dependency_missing"),
    ("WARNING: The vboxdrv kernel module is not loaded. Either there is no module", "dependency_missing"),
    ("VBoxManage: error: Most likely, the VirtualBox COM server is not running or failed to start.",
     "service_dependency"),
    ("Unable to connect to libvirt qemu:///system.", None),  # a summary: its cause is on the next line
    ('{"component":"virt-launcher","level":"info","msg":"kubevirt domain status: Shutoff(5):Crashed(3)"}',
     "process_crash"),
    ('{"component":"virt-launcher","level":"info","msg":"kubevirt domain status: Shutoff(5):Destroyed(2)"}', None),
    ("[   12.345678] SLUB: Unable to allocate memory on node -1, gfp=0xcc0(GFP_KERNEL)", "out_of_memory"),
    # backup and sync tools
    ("[ABCDE] 10:00:00 INFO: Stopping folder \"Photos\" due to error: insufficient free space", "disk_full"),
    ("[ABCDE] 10:00:00 INFO: Folder \"Photos\" has insufficient free space? no: 120 GiB free", None),
    ("2024/01/01 00:00:00 Failed to create file system for \"remote:\": didn't find section in config file",
     "config_error"),
    ("fusermount: fuse device not found, try 'modprobe fuse' first", "dependency_missing"),
    ("BackendException: Could not initialize backend: No module named 'boto3'", "dependency_missing"),
    ("ERROR: ArchiverFailure:replication slot 'barman_pg1' is already in use", "database_lock"),
    ("\treceive-wal running: FAILED (See the Barman log file for more details)", "health_check_failure"),
    ("\treceive-wal running: OK", None),
    ("barman.postgres DEBUG: Error issuing CHECKPOINT: fe_sendauth: no password supplied", "config_error"),
    ("OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00000000f0000000, 268435456, 0) failed; "
     "error='Not enough space' (errno=12)", "out_of_memory"),
])
def test_round27_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # backing stores a server names
    ("rocketchat[812]: Mongo is not available, can't start. Waiting 5 seconds and trying again", "service_dependency"),
    ('app-1 | Error: AppError { message: Unknown("Error connecting to database") }', "service_dependency"),
    ("thread 'main' panicked at 'Redis connection: FailedConnection', src/main.rs:12:5", "service_dependency"),
    ("[2024/01/01 00:00:00] [error] [output:forward:forward.0] no upstream connections available",
     "service_dependency"),
    ('{"type":"log","tags":["warning","elasticsearch"],"message":"Unable to revive connection: http://es:9200/"}',
     "service_dependency"),
    ("[o.e.d.z.ZenDiscovery] [node-1] not enough master nodes discovered during pinging (found [[]], but needed [2])",
     "service_dependency"),
    # configuration refused, exit 78
    ("Jan 01 00:00:00.000 ERROR vector::cli: Configuration error. error=No sources defined in the config.",
     "config_error"),
    ("2024-01-01T00:00:00Z E! [telegraf] Error running agent: Error: no inputs found, did you provide a valid config "
     "file?", "config_error"),
    ("zabbix_agent2 [12]: ERROR: Cannot read configuration: cannot include \"/etc/zabbix/extra/*.conf\"",
     "config_error"),
    ("opensearch-node1 exited with code 78", "config_error"),
    ("opensearch-node1 exited with code 137", "container_exit"),
    ("systemd[1]: opensearch.service: Main process exited, code=exited, status=78/CONFIG", "config_error"),
    ("systemd[812]: app.service: Failed at step NAMESPACE spawning /usr/bin/app: No such file or directory",
     "config_error"),
    # what is not installed
    ("ERROR:  could not open extension control file \"/usr/share/postgresql/16/extension/postgis.control\": No such "
     "file or directory", "dependency_missing"),
    ("RuntimeError: Your system has an unsupported version of sqlite3. Chroma requires sqlite3 >= 3.35.0.",
     "dependency_missing"),
    ("[error]: config error file=\"/fluentd/etc/fluent.conf\" error_class=Fluent::ConfigError error=\"Unknown output "
     "plugin 's3'. Run 'gem search -rd fluent-plugin' to find plugins\"", "dependency_missing"),
    # limits and crashes
    ("[warn]: #0 emit transaction failed: error_class=Fluent::Plugin::Buffer::BufferOverflowError error=\"buffer space "
     "has too many data\"", "resource_exhaustion"),
    ('{file_error,"/var/lib/ejabberd/LATEST.LOG",emfile}', "resource_exhaustion"),
    ("sqlite3.OperationalError: database or disk is full", "disk_full"),
    ("ERROR qdrant::startup: Panic occurred in file lib/segment/src/index.rs at line 12: called unwrap on None",
     "process_crash"),
    ("Agent health: FAIL", "health_check_failure"),
    # look-alikes
    ("Agent health: PASS", None),
    ("[2024/01/01 00:00:00] [ info] [output:forward:forward.0] worker #0 started", None),
    ("Mongo is available, starting the server", None),
])
def test_round28_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # native crash reports
    ("F0102 03:04:05.678901 4242 tablet.cc:88] Check failed: s.ok() Bad status: Corruption", "process_crash"),
    ("F20240102 03:04:05 ../../src/yb/master/sys_catalog.cc:512] Check failed: 'ptr' Must be non NULL",
     "process_crash"),
    ("*** SIGABRT (@0x3e8000052d2) received by PID 21202 (TID 0x7f00) from PID 21202; stack trace: ***",
     "process_crash"),
    ("2024-01-01T00:00:00.000 error: Guarantee failed: [!pending] in src/rdb_protocol/store.cc", "process_crash"),
    ("ERROR: apport (pid 4242) Mon Jan  1 00:00:00 2024: called for pid 812, signal 11, core limit 0, dump mode 1",
     "process_crash"),
    ("ERROR: apport (pid 4242) Mon Jan  1 00:00:00 2024: called for pid 812, signal 15, core limit 0, dump mode 1",
     None),
    # services a scheduler or registry needs
    ("luigi.rpc.RPCError: Errors (3 attempts) when connecting to remote scheduler 'scheduler:8082'",
     "service_dependency"),
    ("2024/01/01 00:00:00.000 +0000 ERROR [ExecutorManager] [Azkaban] No active executors found",
     "service_dependency"),
    ("ERROR: for core  Cannot start service core: failed to initialize logging driver: dial tcp 127.0.0.1:1514: "
     "connect: connection refused", "service_dependency"),
    ("Error: daemon Docker Engine socket not found and docker_host config was invalid", "service_dependency"),
    # deadlines towards a named server; a bare deadline stays unmatched
    ("[WARN] nomad: error getting server health from \"server-2.global\": context deadline exceeded",
     "network_timeout"),
    ("\tstatus = StatusCode.DEADLINE_EXCEEDED", "network_timeout"),
    ("Error: context deadline exceeded", None),
    # settings, programs, locks
    ("[E] Fail to initialize ORM engine: migrate: Sync2: unable to open database file", "config_error"),
    ("(sqlite3.OperationalError) unable to open database file", None),
    ("[ERROR] failed to load storage driver, err:open : no such file or directory", "config_error"),
    ("/docker-entrypoint.sh: exec: line 12: /usr/local/bin/app: not found", "dependency_missing"),
    ("[E] Failed to create queue \"notify\": unable to lock level db at /data/gitea/queues/common: resource "
     "temporarily unavailable", "database_lock"),
    ("2024-01-01 00:00:00.000+0000 WARN  Unknown config option: dbms.unknown_setting", None),
    ("Error: unknown config option: dbms.unknown_setting", "config_error"),
])
def test_round29_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # servers naming the held port in their own words
    ("Caused by: java.io.IOException: Failed to bind to /0.0.0.0:9090", "port_conflict"),
    ("ERROR [io.quarkus.runtime.Application] (main) Port 8080 seems to be in use by another process.", "port_conflict"),
    ("The Tomcat connector configured to listen on port 9000 failed to start. The port may already be in use or the "
     "connector may be misconfigured.", "port_conflict"),
    ("Problem binding to port 443: Could not bind to IPv4 or IPv6.", "port_conflict"),
    ('    raise socket.error("Could not bind to IPv4 or IPv6.")', None),
    ('        "At least one of the required ports is already taken.")', None),
    # Varnish's child, Squid's helpers
    ("Jan  1 00:00:00 cache1 varnishd[812]: Child (4242) died signal=11", "process_crash"),
    ("Error: Child (77) Panic at: Mon, 01 Jan 2024 00:00:00 GMT", "process_crash"),
    ("Assert error in http_Write(), cache/cache_http.c line 1042:", "process_crash"),
    ("Jan  1 00:00:00 cache1 varnishd[812]: Child (4242) Started", None),
    ("FATAL: The /usr/lib/squid/basic_ncsa_auth helpers are crashing too rapidly, need help!", "process_crash"),
    # a client without the service it needs
    ("Caused by: com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure",
     "service_dependency"),
    ('Error from server (InternalError): Internal error occurred: failed calling webhook "validate.nginx.ingress.'
     'kubernetes.io": Post "https://ingress-nginx-controller-admission.ingress-nginx.svc:443/": dial tcp '
     '10.0.0.1:443: connect: connection refused', "service_dependency"),
    # the OSGi resolver
    ("org.osgi.framework.BundleException: Unresolved constraint in bundle com.example.core [88]: Unable to resolve "
     "88.0: missing requirement [88.0] osgi.wiring.package; (osgi.wiring.package=org.slf4j)", "dependency_missing"),
    ("  Unresolved requirement: Import-Package: org.eclipse.jetty.server", "dependency_missing"),
    ("[INFO] Resolving bundle com.example.core [88]", None),
    # settings a server cannot use
    ("Failed to start app.service: Unit app.service failed to load: No such file or directory.", "config_error"),
    ("/opt/app/bin/run.sh: 12: /opt/app/bin/run.sh: cannot create /var/log/app/out.log: Directory nonexistent",
     "config_error"),
    ('The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value', "config_error"),
    ("E20240101 00:00:00.000000     1 dfly_main.cc:168] There are 8 threads, so 2.00GiB are required. Exiting...",
     "config_error"),
    ("nginx.conf.sample:3: parse error.", "config_error"),
    # no failure: SIGTERM, a reflection wrapper, shutdown, a container's rsyslogd, an agent starting
    ("Jan  1 00:00:00 host systemd[1]: app.service: Main process exited, code=exited, status=143/n/a", None),
    ('Exception in thread "main" java.lang.reflect.InvocationTargetException', None),
    ("rsyslogd: imklog: cannot open kernel log (/proc/kmsg): Operation not permitted.", None),
    ('time="2024-01-01T00:00:00Z" level=warning msg="Health check has failed. Starting up still." check=agent', None),
    # the ACME server's fetch, controller-runtime's probe
    ('    "detail": "Fetching http://a.example.org/.well-known/acme-challenge/abc123: Timeout",', "network_timeout"),
    ('{"level":"info","ts":1.0,"logger":"controller-runtime.healthz","msg":"healthz check failed","statuses":[{}]}',
     "health_check_failure"),
])
def test_round30_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a daemon's lock still held
    ("kea-dhcp6 already running? Daemon::createPIDFile: PID: 7 exists, PID file: /run/kea/kea-dhcp6.pid",
     "database_lock"),
    ("Error starting daemon: error while opening volume store metadata database: timeout", "database_lock"),
    # paths a daemon names and rejects
    ("2024-01-01T00:00:00Z Wrong permissions on /run/chrony", "permission_denied"),
    ("Error: Could not open command file '/var/lib/nagios3/rw/nagios.cmd' for update!", "permission_denied"),
    ("You may have issues with file permissions, more information here: http://docs.grafana.org/installation/docker/",
     None),
    # supervisors reporting a start that died; a shell's bare Killed
    ("app:worker                       FATAL     Exited too quickly (process log may have details)", "process_crash"),
    ('[ Jan  1 00:00:00 Method "start" exited with status 95. ]', "process_crash"),
    ("Killed", "process_crash"),
    ("Killed 3 processes", None),
    # clients without the service they need
    ("E0101 00:00:00.000000       1 reflector.go:138] Failed to watch *v1.Service: Get \"https://10.96.0.1:443/api/v1/"
     "services\": dial tcp 10.96.0.1:443: connect: no route to host", "service_dependency"),
    ("[Z3001] connection to database 'zabbix' failed: [2002] Can't connect to local MySQL server",
     "service_dependency"),
    ("Error: The incus daemon doesn't appear to be started (socket path: /var/lib/incus/unix.socket)",
     "service_dependency"),
    # settings a DNS, DHCP or monitoring server cannot use
    ('[FATAL] plugin/loop: Seen "HINFO IN 123.456." more than twice, loop detected', "config_error"),
    ("/etc/bind/named.conf.local:7: missing ';' before 'zone'", "config_error"),
    ("Unable to launch, no backends configured for querying", "config_error"),
    ('level=error msg="Notify for 3 alerts failed: dial tcp: missing port in address mail.example.org"',
     "config_error"),
    ("critical/ApiListener: Cannot bind TCP socket for host '::' on port '5665': open: Address family not supported "
     "by protocol", "config_error"),
    # programs and modules, containers
    ("/lib/svc/method/ntp[12]: /usr/sbin/ntpdate: not found [No such file or directory]", "dependency_missing"),
    ("conmon 1a2b3c4d5e6f <ninfo>: container 4242 exited with status 1", "container_exit"),
    ("conmon 1a2b3c4d5e6f <ninfo>: container 4242 exited with status 0", None),
    # Netdata's collection children
    ("2024-01-01 00:00:00: netdata ERROR : PLUGIN[diskspace] : child pid 42 exited with code 1.", None),
])
def test_round31_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # storage servers out of space, out of slots
    ("Error: srcVolume: .minio.sys/tmp, dstVolume: data - error drive path full (*errors.errorString)", "disk_full"),
    ('/ceph/src/os/bluestore/BlueFS.cc: 2745: ceph_abort_msg("bluefs enospc")', "disk_full"),
    ("AssignVolume: rpc error: code = Unknown desc = no free volumes left for {}", "resource_exhaustion"),
    # native crash reports
    ('/ceph/src/kv/RocksDBStore.cc: 1152: ceph_abort_msg("block checksum mismatch")', "process_crash"),
    ("Bail out! ERROR:lib/queue.c:42:queue_pop: assertion failed: (q != NULL)", "process_crash"),
    ("2024-01-01 00:00:00   Fatal: MaxScale 2.5 received fatal signal 6. Attempting backtrace.", "process_crash"),
    ("'nginx' process is not running", "process_crash"),
    ("'nginx' process is running with pid 4242", None),
    # peers and servers a broker, pooler or storage daemon needs
    ("[notice] <0.1.0> Protocol 'inet_tcp': register/listen error: econnrefused", "service_dependency"),
    ("kafka.zookeeper.ZooKeeperClientTimeoutException: Timed out waiting for connection while in state: CONNECTING",
     "service_dependency"),
    ("2024-01-01 00:00:00: pid 7: ERROR:  failed to make persistent db connection", "service_dependency"),
    ("[ERROR] unable connect to upstream node (ID: 2), terminating", "service_dependency"),
    ("I0101 00:00:00 1 masterclient.go:73] volume failed to keep connected to m1:9333: rpc error: code = Unavailable "
     "desc = connection error", "service_dependency"),
    ("I0101 00:00:00 masterclient.go:283 .master masterClient failed to connect with master m1:9333: rpc error: code = "
     "Unavailable desc = connection error", None),
    # monitors marking a member down
    ("MySQL_Monitor.cpp:1347:monitor_ping(): [ERROR] Server 10.0.0.2:3306 missed 3 heartbeats, shunning it and killing "
     "all the connections", "health_check_failure"),
    ("notice : Server changed state: db2[10.0.0.2:3306]: master_down. [Master, Running] -> [Down]",
     "health_check_failure"),
    ('WARN cmd/sentinel.go:271 no keeper info available {"db": "1", "keeper": "k1"}', "health_check_failure"),
    # Galera's peer channel
    ("[Note] WSREP: (a1b2, 'tcp://0.0.0.0:4567') connection to peer 00000000-0000 with addr tcp://10.0.0.3:4567 timed "
     "out, no messages seen in PT3S", "network_timeout"),
    # settings
    ("[ERROR] Failed to mysql_real_connect() on 127.0.0.1:3306 , 1049: Unknown database 'app'", "config_error"),
    ("mysqld: [ERROR] Fatal error in defaults handling. Program aborted!", "config_error"),
    ("exportfs: /mnt/fuse does not support NFS export", "config_error"),
    # a unit's failed stop command
    ("  Process: 812 ExecStop=/usr/sbin/app stop (code=exited, status=1/FAILURE)", None),
    ("  Process: 812 ExecStart=/usr/sbin/app (code=exited, status=1/FAILURE)", "process_crash"),
])
def test_round32_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # frp's proxy port; nginx's summary after its bind retries stays with the bind lines
    ("2024/01/01 00:00:00 [W] [control.go:179] [a1b2] [web] start error: port already used", "port_conflict"),
    ("2024/01/01 00:00:00 [emerg] 42#42: still could not bind()", None),
    # paths a server may not open
    ("(13)Permission denied: AH00091: httpd: could not open error log file /var/log/httpd/error_log.",
     "permission_denied"),
    ("(2)No such file or directory: AH00091: httpd: could not open error log file /var/log/httpd/error_log.", None),
    # a parent reporting its worker's death, a native crash
    ("[01-Jan-2024 00:00:00] WARNING: [pool www] child 42 exited on signal 11 (SIGSEGV) after 1.5 seconds from start",
     "process_crash"),
    ("[01-Jan-2024 00:00:00] WARNING: [pool www] child 42 exited on signal 15 (SIGTERM) after 1.5 seconds from start",
     None),
    ("[ERROR/MainProcess] Process 'ForkPoolWorker-3' pid:4242 exited with 'signal 9 (SIGKILL)'", "process_crash"),
    ("(EE) Caught signal 11 (Segmentation fault). Server aborting", "process_crash"),
    ("Jan  1 00:00:00 [1234]: ABORT: ASSERTION FAILED: st != NULL (programs/pluto/state.c)", "process_crash"),
    # front ends and coordinators without their back ends
    ("[proxy:error] (2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket "
     "/run/php/php-fpm.sock (localhost:9000) failed", "service_dependency"),
    ("xrdp_mm_connect: connect failed trying again...", "service_dependency"),
    ("WARN http-client-node-manager-1 io.trino.metadata.RemoteNodeState Error fetching node state from "
     "http://10.0.0.2:8080/v1/info/state: Failed communicating with server", "service_dependency"),
    ("INFO ha.ZKFailoverController: Local service NameNode at nn1/10.0.0.1:8020 entered state: "
     "SERVICE_NOT_RESPONDING", "health_check_failure"),
    # settings
    ("ERROR: unable to bind listening socket for address '/run/php/php8.2-fpm.sock': No such file or directory (2)",
     "config_error"),
    ('nginx: [emerg] open() "/var/log/nginx/error.log" failed (2: No such file or directory)', "config_error"),
    ('2024/01/01 00:00:00 [error] 7#7: *1 open() "/usr/share/nginx/html/x.png" failed (2: No such file or directory)',
     None),
    ("Options error: --ca fails with 'ca.crt': No such file or directory (errno=2)", "config_error"),
    ('Error: inet prefix is expected rather than "10.0.0.1/undefined".', "config_error"),
    # a kernel device or module a VPN needs
    ("ERROR: Cannot open TUN/TAP dev /dev/net/tun: No such file or directory (errno=2)", "dependency_missing"),
    ("Unable to access interface: Protocol not supported", "dependency_missing"),
    ('guacd[42]: WARNING: Support for protocol "vnc" is not installed', "dependency_missing"),
    # noise
    ("sh: 1: addr2line: not found", None),
])
def test_round33_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # development platforms naming the held port
    ("!  auth: Port 9099 is not open on localhost (127.0.0.1), could not start Authentication Emulator.",
     "port_conflict"),
    ("Error: Could not start Storage Emulator, port taken.", "port_conflict"),
    ("port 54322 is not available, use --db-port flag to provide another one", "port_conflict"),
    # Windows refusing a named file, a held BoltDB
    (r"2024/01/01 00:00:00 open C:\data\app.db: Access is denied.", "permission_denied"),
    ("2024/01/01 00:00:00 FTL main.go:90 > failed opening store | error=timeout", "database_lock"),
    # a platform's view of what it runs
    ("2024-01-01T00:00:00+00:00 heroku[worker.1]: State changed from up to crashed", "process_crash"),
    ("2024-01-01T00:00:00+00:00 heroku[worker.1]: State changed from starting to crashed", None),
    ('{"source":"rep","message":"rep.garden-healthcheck.set-state-unhealthy","log_level":2}', "health_check_failure"),
    # clients of a coordination or configuration service
    ("ERROR c.a.n.c.config.http.ServerHttpAgent - [NACOS ConnectException httpGet] currentServerAddr:http://nacos:8848",
     "service_dependency"),
    ("com.netflix.discovery.shared.transport.TransportException: Cannot execute request on any known server",
     "service_dependency"),
    ("ERROR org.apache.curator.framework.imps.CuratorFrameworkImpl - Background operation retry gave up",
     "service_dependency"),
    ("appwrite-realtime | [Error] Message: Redis server redis:6379 went away", "service_dependency"),
    # settings
    ("nginx: [error] init_by_lua error: kong/init.lua:553: error parsing declarative config file /kong/kong.yml:",
     "config_error"),
    ('FATAL:  "/var/lib/postgresql/data" is not a valid data directory', "config_error"),
    ('[error] Postgrex.Protocol failed to connect: ** (Postgrex.Error) FATAL 3D000 (invalid_catalog_name) database '
     '"app" does not exist', "config_error"),
    # execline's spawn
    ("if: fatal: unable to spawn s6-setuidgid: No such file or directory", "dependency_missing"),
])
def test_round34_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # runtimes' crash formats, widened
    ("thread 'tokio-runtime-worker' (4242) panicked at src/main.rs:10:5:", "process_crash"),
    ("./run.sh: line 12:  4800 Segmentation fault      ./server --port 8080", "process_crash"),
    ("Processing: Node(100k 10.0k/s) Way(0k 0.00k/s) Relation(0 0.0/s)Killed", "process_crash"),
    # allocations that failed outright, a data file's short write
    ("PHP Fatal error:  Out of memory (allocated 2097152) (tried to allocate 4096 bytes) in /app/x.php on line 3",
     "out_of_memory"),
    ("PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)",
     "out_of_memory"),
    ('ERROR:  could not extend file "base/16384/16400": wrote only 4096 of 8192 bytes at block 42', "disk_full"),
    ("2024-01-01 00:00:00.000 UTC [42] HINT:  Check free disk space.", None),
    # an application without its database, cache or node
    ("fail: PayServer:      BTC: NBXplorer error `Connection refused (nbxplorer:32838)`", "service_dependency"),
    ("fail: PayServer:      BTC: NBXplorer error `An error occurred while sending the request.`", None),
    ('psycopg2.OperationalError: could not translate host name "db" to address: Name or service not known',
     "service_dependency"),
    ("Unhandled exception. Npgsql.NpgsqlException (0x80004005): Failed to connect to 10.0.0.5:5432",
     "service_dependency"),
    ("main.go:12: error connecting to DB: dial tcp 10.0.0.5:5432: connect: connection timed out", "network_timeout"),
    ("2024/01/01 00:00:00 Received event die for container 0a1b2c3d4e5f", "container_exit"),
    # settings
    ("[01-Jan-2024 00:00:00] ALERT: [pool www] user has not been defined", "config_error"),
    ("panic: default addr for network 'db:3306' unknown", "config_error"),
    ("ERROR -- : Connection-level error: NOT_ALLOWED - vhost /app not found", "config_error"),
    # libraries a program needs
    ("[CRITICAL/MainProcess] Unrecoverable error: VersionMismatch('Redis transport requires redis-py versions 3.2.0 "
     "or later')", "dependency_missing"),
])
def test_round35_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # embedded stores held by another instance
    ('panicked at \'open global sled::Db: Io(Other, "could not acquire database file lock")\'', "database_lock"),
    ("System.Data.SqlClient.SqlException (0x80131904): Lock request time out period exceeded.", "database_lock"),
    # the .NET runtime and host
    ("GC heap initialization failed with error 0x8007000E", "out_of_memory"),
    ("Failed to create CoreCLR, HRESULT: 0x80070008", None),
    ("You must install or update .NET to run this application.", "dependency_missing"),
    ("Fatal error. Internal CLR error. (0x80131506)", "process_crash"),
    # Docker events
    ("[2024-01-01 00:00:00] container oom Container ID: 0a1b Container Name: app", "out_of_memory"),
    ("[2024-01-01 00:00:00] container die Container ID: 0a1b Container Name: app", "container_exit"),
    # a server's worker dying
    ("[2024-01-01][00:00:00][actix_net::server::server][ERROR] Worker has died 3, restarting", "process_crash"),
    ("child process exited with exit code 1", None),
    # an application without its database or identity provider
    ("2024-01-01T00:00:00.000Z warn:  Database cannot be reached. Try 3 of 30.", "service_dependency"),
    ("SequelizeConnectionRefusedError: connect ECONNREFUSED 10.0.0.5:5432", "service_dependency"),
    ("System.InvalidOperationException: IDX20803: Unable to obtain configuration from: "
     "'https://id.example.org/.well-known/openid-configuration'.", "service_dependency"),
    ("2024/01/01 00:00:00 http: proxy error: dial tcp 127.0.0.1:8080: connect: connection refused",
     "connection_refused"),
    # settings
    ("2024-01-01T00:00:00.000Z [MASTER] error: Database Connection Error: SQLITE_CANTOPEN undefined:undefined",
     "config_error"),
    ("error: Found argument '-x' which wasn't expected, or isn't valid in this context", "config_error"),
    ("garage[42]: Error: TOML decode error: TOML parse error at line 3, column 20", "config_error"),
    ("2024-01-01 00:00:00 UTC [1] FATAL:  could not create any TCP/IP sockets", None),
    # Collabora's jail without mount rights
    ("sh: 1: /usr/bin/coolmount: Operation not permitted", None),
])
def test_round36_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # the refusal in OCaml's and the host's words
    ('2024/01/01 00:00:00 [input:2] Connection failed: Unix.Unix_error(Unix.ECONNREFUSED, "connect", "")',
     "connection_refused"),
    ("[01-Jan-2024 00:00:00 +0000]: <abcd1234> PHP Error: Failed to connect socket: \u0412 соединении "
     "отказано (POST /)",
     "connection_refused"),
    # a held port named by the server, a key file refused to a TLS set-up
    ("1/1/2024, 0:00:00 AM | notice | [42]: [ERROR] <0x0x55[WOWatchDog]> unable to listen on specified port, check "
     "that no other process is already using it", "port_conflict"),
    ("ElasticsearchSecurityException: failed to load SSL configuration [xpack.security.transport.ssl] - not "
     "permitted to read the PEM certificate file [/usr/share/elasticsearch/config/node.crt]", "permission_denied"),
    # a scheduler queue dying
    ("2024/01/01 00:00:00 [threads:2] Queue generic queue #2 crashed with exception Bad file descriptor in select()",
     "process_crash"),
    # settings
    ("[2024-01-01  00:00:00] WARN connection/get_ssl_certificate Invalid cert file /etc/icecast/cert.pem (system lib)",
     "config_error"),
    ("AH00534: httpd: Configuration error: No MPM loaded.", "config_error"),
    ("The application secret has not been set, and we are in prod mode. Your application is not secure.",
     "config_error"),
    ('2024-01-01 00-00-00.000 [Error] (Snapclient) PCM device "hw:1,0" not found', "config_error"),
    ('2024-01-01 00-00-00.000 [Debug] (Snapclient) Trying to get PCM device for player: alsa, card: hw:1,0', None),
    # a module the server needs
    ("md manage:MESSAGE:2024-01-01 00h00.00 utc:42: db_extension_available: Extension 'pg-gvm' is not available.",
     "dependency_missing"),
    # a front end without its mail server; a mail server that answered badly is none
    ("[01-Jan-2024 00:00:00 +0000]: <abcd1234> SMTP Error: Connection failed: Failed to connect socket: Connection "
     "refused in /var/www/roundcube/program/lib/Roundcube/rcube.php on line 1689 (POST /?_task=mail)",
     "service_dependency"),
    ("[01-Jan-2024 00:00:00 +0000]: <abcd1234> SMTP Error: Connection failed: Invalid response code received from "
     "server in /var/www/roundcube/program/lib/Roundcube/rcube.php on line 1674 (POST /?_task=mail)", None),
    ("Horde_Imap_Client_Exception: Error connecting to mail server.", "service_dependency"),
    ("kopano_spooler_1 | 2024-01-01T00:00:00.000000: [    7] [error  ] Unable to open admin session: network error "
     "(80040115)", "service_dependency"),
    # a scanner or log server without its scanner, cache or index; a wait loop on a refused port
    ("md manage:WARNING:2024-01-01 00h00.00 utc:42: Could not connect to Scanner at /run/ospd/ospd-openvas.sock",
     "service_dependency"),
    ("libgvm util:CRITICAL:2024-01-01 00h00.00 utc:42: No redis DB available", "service_dependency"),
    ("gateway_1 | 2024/01/01 00:00:00 Waiting for tcp://server:236/: dial tcp 172.31.0.7:236: connect: connection "
     "refused.", "service_dependency"),
    # request and session noise
    ("ERROR     Uncaught exception in /iris/ws", None),
    ("java.lang.NoClassDefFoundError: Could not initialize class com.example.ExtensionUtil", None),
    ("java.lang.NoClassDefFoundError: org/apache/commons/logging/LogFactory", "dependency_missing"),
])
def test_round37_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # daemons naming a held port their own way
    ("Jun  6 11:32:38 pid:274 NOTICE: sockOpenForInConn: bind socket error. portNum = 1247, errno = 98",
     "port_conflict"),
    ("Jun  6 11:32:38 pid:274 NOTICE: sockOpenForInConn: bind socket error. portNum = 1247, errno = 13", None),
    ("gpsd:ERROR: maybe gpsd is already running!", "port_conflict"),
    # Elixir's ClickHouse client
    ("21:24:07.390 [error] Ch.Connection (#PID<0.3386.0>) disconnected: ** (Mint.TransportError) timeout",
     "network_timeout"),
    # a process dying as its supervisor reports it; a retried task is none
    ("Job for fwupd.service failed because a fatal signal was delivered causing the control process to dump core.",
     "process_crash"),
    ("Feb 21 11:05:12 host systemd-coredump[2818]: Process 2817 (thermald) dumped core.", "process_crash"),
    ("galaxy:galaxy_web                BACKOFF    Exited too quickly (process log may have details)", "process_crash"),
    ("  error [nextflow.exception.ProcessFailedException]: Process `ALIGN (1)` terminated with an error exit status "
     "(137)", "process_crash"),
    ("Nov-01 12:07:04.076 [TaskFinalizer-1] INFO  nextflow.processor.TaskProcessor - [d2/10c13a] NOTE: Process `ALIGN "
     "(1)` terminated with an error exit status (137) -- Execution is retried (1)", None),
    ("  error [nextflow.exception.ProcessFailedException]: Process `SPLIT (1)` terminated with an error exit status "
     "(127)", "dependency_missing"),
    # settings
    ("Aug 16 10:57:59 host systemd[1]: fwupd.service: Control process exited, code=exited status=226",
     "config_error"),
    ("Error: listen EADDRNOTAVAIL: address not available 10.1.2.3:5980", "config_error"),
    ("⚠  hub: Error when trying to check port 4400 on ::1: Error: listen EADDRNOTAVAIL: address not available ::1:4400",
     None),
    ("Error: Database is uninitialized and superuser password is not specified.", "config_error"),
    # a program or module that is not there
    ("/etc/init.d/sddm: 4: .: Can't open /lib/init/init-d-script", "dependency_missing"),
    # an application or tool without its database, cluster or catalog; a rejected password is none
    ("10:59:29.777 [error] Clickhousex.Protocol (#PID<0.2568.0>) failed to connect: ** (ErlangError) Erlang error: "
     ":econnrefused", "service_dependency"),
    ('21:48:34.292 [error] Postgrex.Protocol (#PID<0.172.0>) failed to connect: ** (Postgrex.Error) FATAL 28P01 '
     '(invalid_password) password authentication failed for user "postgres"', None),
    ("Error: Kubernetes cluster unreachable: Get \"http://localhost:8080/version\": dial tcp 127.0.0.1:8080: connect: "
     "connection refused", "service_dependency"),
    ("Jun  9 14:08:29 pid:15387 ERROR: _rcConnect: connectToRhost error, server on 10.0.0.5:1247 is probably down "
     "status = -38000 SYS_AGENT_INIT_ERR", "service_dependency"),
    ("java.lang.IllegalStateException: Problem connecting to database. This indicates issue with either network or "
     "version (or possibly some other).", "service_dependency"),
    # device and session noise
    ("Sep 29 07:45:02 host thermald[2211]: Config file /etc/thermald/thermal-conf.xml does not exist", None),
    ("Jun 21 10:39:49 host bluetoothd[22248]: src/profile.c:ext_connect() Hands-Free Voice gateway failed connect to "
     "28:52:E0:FF:64:16: Connection refused (111)", None),
])
def test_round38_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a database file held by another process; a resource limit of a watchdog
    ("org.h2.jdbc.JdbcSQLNonTransientConnectionException: Database may be already in use: null", "database_lock"),
    ("W0824 23:30:08.092156  7210 watcher.cpp:250] osqueryd worker (7211): System performance limits exceeded",
     "resource_exhaustion"),
    # a server or worker dying as it or its unit reports it
    ("  Process: 41792 ExecStart=/usr/bin/kurento-media-server (code=killed, signal=ABRT)", "process_crash"),
    ("celery[3354]: [2024-01-01 00:00:00,000: CRITICAL/MainProcess] Unrecoverable error: AttributeError('x')",
     "process_crash"),
    ("Jan 15 09:27:17 host node[12166]: ERROR: MeshCentral failed with critical error, check mesherrors.txt. "
     "Restarting in 5 seconds...", "process_crash"),
    # settings
    (" Main PID: 11553 (code=exited, status=214/SETSCHEDULER)", "config_error"),
    ('org.flywaydb.core.api.FlywayException: Found non-empty schema(s) "public" but no schema history table.',
     "config_error"),
    ("PerlSetEnv takes two arguments, PerlSetEnv", "config_error"),
    # a program, module or data file that is not there
    ("PHP Fatal error:  Trait 'App\\Log\\LoggableTrait' not found in /var/www/app/src/Bundle.php on line 12",
     "dependency_missing"),
    ("LoadError: Error loading the 'sqlite3' Active Record adapter. Missing a gem it depends on? sqlite3 is not part "
     "of the bundle. Add it to your Gemfile.", "dependency_missing"),
    ("unoconv: Cannot find a suitable office installation on your system.", "dependency_missing"),
    ("Error opening data file /usr/share/tessdata/eng.traineddata", "dependency_missing"),
    ("Failed loading language 'osd'", None),
    ("/entrypoint.sh: exec: line 109: worker: not found", "dependency_missing"),
    ("'\"mongodump\"' is not recognized as an internal or external command,", "dependency_missing"),
    ("Uncaught Exception Error: Call to undefined function mysqli_report() in /var/www/glpi/src/DBmysql.php at line "
     "226", "dependency_missing"),
    # a converter or application without the office process, server or database it drives
    ("Error: Failed to connect to /usr/lib/libreoffice/program/soffice.bin (pid=19827) in 6 seconds.",
     "service_dependency"),
    ("Connector : couldn't connect to socket (Connection refused)", "service_dependency"),
    ("2024-01-01 00:00:00,000 [MainThread  ] [ERROR]  Tika startup log message not received after 3 tries.",
     "service_dependency"),
    ("[70b0d2fd] PG::ConnectionBad (could not connect to server: Connection refused", "service_dependency"),
    ("netbox-1       | django.db.utils.OperationalError: [Errno -2] Name or service not known", "service_dependency"),
    # failure words that report no failure
    ("  Process: 2774 ExecStartPre=/usr/bin/docker rm scalelite-poller (code=exited, status=1/FAILURE)", None),
    ("  Process: 2787 ExecStartPre=/usr/bin/docker pull example/app:latest (code=exited, status=1/FAILURE)",
     "process_crash"),
    ("WARN  s.software.SPDF.SPdfApplication - External configuration file 'configs/settings.yml' does not exist. "
     "Using default configuration and environment configuration instead", None),
    ("Caused by: org.jodconverter.office.OfficeException: Office process died with exit code 0", None),
])
def test_round39_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # an application refused its own data file; a process without memory
    ("[Wed, 14 Oct 2020 15:20:25 +0200] [error] --- Permission is denied for /var/www/FreshRSS/data/users/_/log.txt",
     "permission_denied"),
    ("malloc(): Out of memory [core/utils.c line 1801]", "out_of_memory"),
    # capture processes dying as their supervisor reports it
    ("Sep 27 22:56:15 nvr01 zmdc[901]: ERR ['zmc -m 2' exited abnormally, exit status 255]", "process_crash"),
    ("Jan 5 14:23:32 host zmdc[887]: INF ['zma -m 2' crashed, signal 6]", "process_crash"),
    ("[2021-10-09 18:58:08] [ERROR   ] [viseron.camera.garage   ] - FFmpeg process has exited", "process_crash"),
    ("org.opencastproject.composer.api.EncoderException: Encoder exited abnormally with status 1", None),
    # settings
    ("Error: bad username; while reading /etc/cron.d/freshrss", "config_error"),
    ("[2024-01-09 01:07:53] production.ERROR: Could not connect to Firefly III at : cURL error 3:  (see "
     "https://curl.haxx.se/libcurl/c/libcurl-errors.html) for /api/v1/about", "config_error"),
    ("Rejection: Error: error:0480006C:PEM routines::no start line", "config_error"),
    ("actual_server-1  | TypeError: Cannot open database because the directory does not exist", "config_error"),
    ("actual_server-1  |       throw new TypeError('Cannot open database because the directory does not exist');",
     None),
    # a browser, engine or runtime that is not there
    ("[2024-04-11 20:00:45.875] error: Error in /x: Could not find Chrome (ver. 123.0.6312.86). This can occur if "
     "either", "dependency_missing"),
    ("Error: Failed to fetch the engine file at https://binaries.prisma.sh/all_commits/0a1b/linux-arm-openssl-3.0.x/"
     "libquery_engine.so.node.gz - 404 Not Found", "dependency_missing"),
    # an application without its database, browser or daemon
    ("Error: P1001: Can't reach database server at `postgres`:`5432`", "service_dependency"),
    ("nc: bad address 'mysql:3306'", "service_dependency"),
    ("ERROR 2005 (HY000): Unknown MySQL server host 'mysql' (2)", "service_dependency"),
    ("Jan 2 20:19:40 host web_php[922]: FAT [Failed db connection to ]", "service_dependency"),
])
def test_round40_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a supervisor or runtime refused a file or an exec
    ("2019-08-05 07:33:00,495 INFO spawnerr: unknown error making dispatchers for 'uwsgi': EACCES",
     "permission_denied"),
    ('standard_init_linux.go:211: exec user process caused "operation not permitted"', "permission_denied"),
    # PostgreSQL without memory to fork a backend; without disk it is disk_full
    ("2024-01-01 00:00:00 UTC [1] LOG:  could not fork new process for connection: Out of memory", "out_of_memory"),
    # Celery's consumer timing out on its broker
    ("[2023-05-27 11:17:40,072: ERROR/MainProcess] consumer: Cannot connect to amqp://taiga:**@rabbitmq:5672/taiga: "
     "timed out.", "network_timeout"),
    # workers dying as their supervisor reports it; a stop is none
    ("2021-04-27 10:37:00,929 INFO exited: celery-celery (terminated by SIGKILL; not expected)", "process_crash"),
    ("2024-05-26 11:39:43,980 INFO exited: syslogd (terminated by SIGTERM; not expected)", None),
    # settings
    ("ERR Client sent AUTH, but no password is set", "config_error"),
    ("** (RuntimeError) environment variable DATABASE_URL is missing.", "config_error"),
    ('07/09/2016 02:41:40FastCgiServer: "/opt/rt4/sbin/rt-server.fcgi" stat(/opt/rt4/sbin/rt-server.fcgi) failed: No '
     "such file or directory", "config_error"),
    ("error:1408F10B:SSL routines:ssl3_get_record:wrong version number", "config_error"),
    ("Aug 29 01:49:33 server dovecot[459]: imap-login: Disconnected: Connection closed: SSL_accept() failed: "
     "error:1408F10B:SSL routines:ssl3_get_record:wrong version number (no auth attempts in 0 secs)", None),
    ("Dec 22 16:19:50 host systemd[1]: celery-weblate.service: Control process exited, code=exited status=217",
     "config_error"),
    # a module or library that is not installed
    ("Can't locate Kernel/System/ObjectManager.pm in @INC (@INC contains: /opt/otrs/Custom /opt/otrs)",
     "dependency_missing"),
    ("taigaio_1        | Error was: No module named 'transaction_hooks'", "dependency_missing"),
    # an application without its database or cache; a database that does not exist is none
    ("[7a889704] Redis::CannotConnectError (getaddrinfo: Name does not resolve (redis://redis:6379)):",
     "service_dependency"),
    ("MongoError: failed to connect to server [wekandb:27017] on first connect", "service_dependency"),
    ("(node:9357) UnhandledPromiseRejectionWarning: MongoNetworkError: failed to connect to server [localhost:27017] "
     "on first connect [MongoNetworkError: connection 0 to localhost:27017 timed out]", "network_timeout"),
    ("traduora_1  | Error: getaddrinfo ENOTFOUND mysqldb", "service_dependency"),
    ("Error: getaddrinfo ENOTFOUND api.example.invalid", None),
    ('PG::ConnectionBad: FATAL:  database "chatwoot_dev" does not exist', None),
    # a request's PHP fatal
    ("PHP Fatal error:  Uncaught Error: Call to a member function make() on null in /var/www/html/vendor/x.php:12",
     None),
])
def test_round41_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # an application refused its own data directory; a crash handler without rights to read /proc is none
    ("2019/02/07 00:28:29 [error] 9#9: *1 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught Exception: "
     "unable to write to file /srv/data/.htaccess in /srv/lib/Persistence/AbstractPersistence.php:99",
     "permission_denied"),
    ("/bin/cat: /proc/41/maps: Permission denied", None),
    ("dmesg: read kernel buffer failed: Operation not permitted", None),
    # SQL Server's crash handler
    ("Capturing core dump and information to /var/opt/mssql/log...", "process_crash"),
    # settings; a positional parameter left unset is a script's bug, none
    ("/opt/docker/provision/entrypoint.d/01-app.sh: line 3: PHP_UPLOAD_MAX_FILESIZE: unbound variable", "config_error"),
    ("Warning: /usr/share/yunohost/helpers.d/setting: line 17: $3: unbound variable", None),
    ("ENCRYPTION_SECRET is not 32 characters long. Exiting...", "config_error"),
    ("[next-auth][error][NO_SECRET]", "config_error"),
    (" [FAIL] The server OpenPGP key is not set.", "config_error"),
    ("Exception: SQLSTATE[HY000] [2054] The server requested authentication method unknown to the client",
     "config_error"),
    # a driver or command that is not there
    ("Error: Schema engine exited. Error: Could not find schema-engine binary. Searched in:", "dependency_missing"),
    ("PHP Fatal error:  Uncaught PDOException: could not find driver in /srv/lib/Data/Database.php:70",
     "dependency_missing"),
    # an application without its database or cache
    ("Microsoft.Data.SqlClient.SqlException (0x80131904): A network-related or instance-specific error occurred while "
     "establishing a connection to SQL Server. The server was not found or was not accessible.", "service_dependency"),
    ("app_1    | thread 'main' panicked at 'canont reach redis', src/main.rs:28:9", "service_dependency"),
])
def test_round42_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a dashboard, library or AI front-end cannot use; a deprecation warning about the same file is none
    ("ERROR: The Compose file './docker-compose.yml' is invalid because:", "config_error"),
    ("services.auth.ports contains an invalid type, it should be a number, or an object", "config_error"),
    ("services.server.depends_on contains unsupported option: 'restart'", "config_error"),
    ("WARNING: The Compose file './docker-compose.yml' is using a deprecated version", None),
    ("services.web.ports is set to 8080", None),
    ("parsing config: reading /app/config/glance.yml: open /app/config/glance.yml: no such file or directory",
     "config_error"),
    ("ERROR: Failed to load the XML library file '/data/kiwix-library.xml'.", "config_error"),
    ("[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified", "config_error"),
    (" You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
     "config_error"),
    ("flowise  |  \u203a   Error: Unexpected arguments: /bin/sh, -c, sleep 3; flowise start", "config_error"),
    # an application refused its own directory; the same words without a refusal are none
    ("Assets directory not writable. Check assets directory permissions & docker user or skip default assets install",
     "permission_denied"),
    ("homer  | Assets directory is writable, installing default config.", None),
    ("2024-03-29 09:43:55 flowise-1  |     Code: EACCES", "permission_denied"),
    ("    Code: ENOENT", None),
    # PHP's SQLite3 on a lock it cannot take
    ("Warning: SQLite3::exec(): locking protocol in /config/www/Dashboard/chat/connect.php on line 5", "database_lock"),
    # V8 without memory; a crashed control process; the kernel's trap record without its prefix
    ("dashy            | # Fatal process OOM in insufficient memory to create an Isolate", "out_of_memory"),
    ("Oct 08 21:16:11 box.lan systemd[1]: kiwix-serve.service: Control process exited, code=killed, status=11/SEGV",
     "process_crash"),
    ("x.service: Control process exited, code=killed, status=15/TERM", None),
    ("node[3526828] trap invalid opcode ip:7675d19f7da3 sp:7ffe2eb605d0 error:0 in lancedb.linux-x64-gnu.node["
     "7675cf85d000+3a0e000]", "process_crash"),
    ("bash[123] trap set on EXIT", None),
    # a supervisor inside the container restarting the server it runs: the process exited, not the container
    ("[homarr] Next.js exited with code 1, restarting in 1s...", "process_crash"),
    ("[homarr] Next.js exited with code 0, restarting in 1s...", None),
    # an application without its resolver, model server or query engine
    ("docker: Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io "
     "on [::1]:53: read udp [::1]:60779->[::1]:53: read: connection refused.", "service_dependency"),
    ("ERROR:apps.ollama.main:Connection error: Cannot connect to host localhost:11434 ssl:default [getaddrinfo failed]",
     "service_dependency"),
    ("05:09:49 - LiteLLM Proxy:ERROR: utils.py:2721 - LiteLLM Prisma Client Exception get_generic_data: Client is not "
     "connected to the query engine, you must call `connect()` before attempting to query data.", "service_dependency"),
    # a schema error under a "could not connect" message is none; a lock or a refusal there is not
    ("[ERROR] Unable to connect to the database: SQLITE_ERROR: duplicate column name: orderId", None),
    ('Failed to connect to database: DBError(Exec(SqlxError(Database(SqliteError { code: 1, message: "no such table: '
     'main.book_club_discussions" }))))', None),
    ("[ERROR] Unable to connect to the database: SQLITE_BUSY: database is locked", "database_lock"),
    ("[ERROR] Unable to connect to the database: connect ECONNREFUSED 127.0.0.1:5432", "service_dependency"),
    # a fetch or load that goes on without what failed is none; the same timeout without the fallback is not
    ("LiteLLM: Failed to fetch remote model cost map from https://x/y.json: The read operation timed out. Falling back "
     "to local backup.", None),
    ("LiteLLM: Failed to fetch remote model cost map from https://x/y.json: The read operation timed out.",
     "network_timeout"),
    ("05:09:49 - LiteLLM Proxy:WARNING: proxy_server.py:4228 - Failed to load config in _update_llm_router: Client is "
     "not connected to the query engine, you must call `connect()` before attempting to query data.. Proceeding with "
     "model loading using cached/empty config.", None),
])
def test_round43_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a port range all taken; WSAEADDRINUSE by its number in any language; the server's own listen line is none
    ("OSError: All ports from 7860 to 7959 are in use. Please close a port.", "port_conflict"),
    ("Running on local URL: http://127.0.0.1:7860", None),
    ("OSError: [Errno 10048] error while attempting to bind on address ('127.0.0.1', 8188): \u901a\u5e38",
     "port_conflict"),
    # a refusal by its code in any language; spawn's ENOENT is not a refusal
    ("PermissionError: [WinError 5] Acceso denegado: 'E:\\\\Invoke\\\\outputs\\\\tensors\\\\tmpkiboxudo'",
     "permission_denied"),
    ("<ref *1> Error: spawnSync /bin/sh EACCES", "permission_denied"),
    ("<ref *1> Error: spawnSync /bin/sh ENOENT", None),
    # a media scanner that walked into /dev is none; the same refusal on a photo is not
    ("IsPathMedia (/dev/core): get media type (/dev/core): could not open file to determine content-type /dev/core: "
     "open /dev/core: permission denied", None),
    ("IsPathMedia (/photos/a.jpg): get media type (/photos/a.jpg): could not open file to determine content-type "
     "/photos/a.jpg: open /photos/a.jpg: permission denied", "permission_denied"),
    # PyTorch's allocation failure as ComfyUI reports it; another exception there is none
    ("2024-12-16 17:10:56,767 - root - ERROR - !!! Exception during processing !!! Allocation on device",
     "out_of_memory"),
    ("!!! Exception during processing !!! 'NoneType' object has no attribute 'shape'", None),
    # WSAETIMEDOUT by its code; PHP's exec() that could not fork
    ("TimeoutError: [WinError 10060] \u7531\u4e8e\u8fde\u63a5\u65b9\u5728\u4e00\u6bb5\u65f6\u95f4\u540e",
     "network_timeout"),
    ("2022-11-23 12:35:02 UTC -- error   -- App\\Metadata\\Extractor::createFromFile -- 97 -- exec(): Unable to fork "
     "[command -v exiftool]; caused by", "resource_exhaustion"),
    # a tool the service needs is not there
    ("RuntimeError: Torch is not able to use GPU; add --skip-torch-cuda-test to COMMANDLINE_ARGS variable to disable "
     "this check", "dependency_missing"),
    ("comfyui  | [ComfyUI-Manager] Neither `python -m pip` nor `uv` are available. Cannot proceed with package "
     "operations.", "dependency_missing"),
    ("FATAL: exiftool could not be executed or test failed", "dependency_missing"),
    ("seatable     | runsv nginx: fatal: unable to start ./run: file does not exist", "dependency_missing"),
    # settings an image, photo or no-code database server cannot use
    ("The invokeai.yaml file was found but is missing the db_dir and/or outdir setting!", "config_error"),
    ("validating /etc/mathesar/docker-compose.yml: services.service.depends_on must be a list", "config_error"),
    ("Error: Error: Meta database configuration missing database name", "config_error"),
    ("not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the "
     "specified host path exists and is the expected type", "config_error"),
    # an application without its database
    ("2021/02/24 13:37:19 WARN: Could not ping database: dial tcp: lookup db on 192.168.0.6:53: no such host. Will "
     "retry after 5 seconds", "service_dependency"),
    ("nocodb  | migration failed with error: alter table `x` add index `y`(`row_id`) - Connection lost: The server "
     "closed the connection.", "service_dependency"),
    # a launcher reporting its child's exit, a one-shot Compose service that failed, a watcher's verdict
    ("Invoke process exited with code 1", "process_crash"),
    ("Invoke process exited with code 0", None),
    ("error [grist-omnibus] grist failed: exited with 1", "process_crash"),
    ('service "pre-init-db" didn\'t complete successfully: exit 1', "container_exit"),
    ("baserow    |  [BASEROW-WATCHER][2022-11-03 16:52:02] WARNING: Baserow has become unhealthy.",
     "health_check_failure"),
    ("baserow    |  [BASEROW-WATCHER][2022-11-03 16:53:02] Baserow is now healthy.", None),
    # Go's write to a peer that hung up is the request's outcome; a reset on read is still reported
    ("2022/12/18 16:10:30 write tcp 127.0.0.1:47788->127.0.0.1:34976: write: connection reset by peer", None),
    ("read tcp 10.0.0.1:5555->10.0.0.2:80: read: connection reset by peer", "connection_refused"),
])
def test_round44_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a process that died of a fatal signal; the same lines with a stop signal or a bind failure are none
    ("[18:51:16] INFO: Service exited with code 256 (by signal 4)", "process_crash"),
    ("[18:51:16] INFO: Service exited with code 256 (by signal 15)", None),
    ("May 09 08:55:02 homeassistant audit[1799253]: ANOM_ABEND auid=4294967295 uid=0 gid=0 ses=4294967295 "
     "subj=docker-default pid=1799253 comm=\"python3\" exe=\"/usr/bin/python3.9\" sig=4 res=1", "process_crash"),
    ("error: Uncaught SIGSEGV (SEGV_MAPERR) at 0x328 on NblFrPa-lambda5 pid 449777 tid 449785", "process_crash"),
    ("F, [2019-07-15T15:50:37.256256 #29171] FATAL -- : Oxidized crashed, crashfile written in "
     "/home/config/.config/oxidized/crash", "process_crash"),
    ("2021-01-15 00:12:25 - SPINE: Poller[9] PID[23274] FATAL: Spine Encountered An Unhandled Exception Signal Number: "
     "'6' [6, No such device or address] (Spine thread)", "process_crash"),
    ("Spine Encountered An Unhandled Exception Signal Number: '15'", None),
    ("2020-01-01T14:19:53.785+0000 SEVERE: Got signal: 7 (Bus error).", "process_crash"),
    ("2020-01-01T14:19:53.785+0000 SEVERE: Got signal: 15 (Terminated).", None),
    ("[2021-01-26T17:49:49,239] <db-server> WARN  db     - Mongo start up failed with rc=134", "process_crash"),
    ("[2021-01-26T17:49:49,239] <db-server> WARN  db     - Mongo start up failed with rc=48", None),
    ("2025-02-25 19:50:08,008: DEBUG - SIGILL: illegal instruction", "process_crash"),
    # a library the service needs is not there or does not fit
    ("whisper       | Unable to load any of {libcudnn_ops.so.9.1.0, libcudnn_ops.so.9.1, libcudnn_ops.so.9, "
     "libcudnn_ops.so}", "dependency_missing"),
    ("RuntimeError: CUDA failed with error CUDA driver version is insufficient for CUDA runtime version",
     "dependency_missing"),
    ("wyoming-openwakeword-1  | AttributeError: _ARRAY_API not found", "dependency_missing"),
    ("    reason: {on_load_function_failed,crypt,", "dependency_missing"),
    # settings a voice, network-monitoring or fediverse server cannot use; a request's missing upload is none
    ("  what():  Model config doesn't exist", "config_error"),
    ("Mar 16 14:08:03 satellite1 systemd[1]: /etc/systemd/system/wyoming-satellite.service:24: Missing '=', ignoring "
     "line.", "config_error"),
    ("[2024-01-22 12:11:47,980] <launcher> ERROR db     - Got error while connecting to db: Exception authenticating "
     "MongoCredential{mechanism=SCRAM-SHA-1, userName='unifi', source='unifi'}", "config_error"),
    ("No such file or directory @ rb_sysopen - /root/.config/oxidized/router.db", "config_error"),
    ("No such file or directory @ rb_sysopen - /tmp/upload.jpg", None),
    (" ERROR: dbpath (/opt/tplink/EAPController/data/db) does not exist.", "config_error"),
    ("gotosocial: 1:ELF: not found", "config_error"),
    ("2019-03-28 21:02:39,289: WARNING - --force : Unknown option", "config_error"),
    # a server without its store or peer; a refusal on another port is the address-only convention's
    ("Oct 16 19:58:37 lr-assist-pi run[2574]: ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', "
     "10400)", "service_dependency"),
    ("ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 8123)", "connection_refused"),
    ("17/Jul/2020 18:48:29 [Redis.cpp:148] ERROR: ntopng requires redis server to be up and running",
     "service_dependency"),
    ("--rpc-eval : RPC failed with reason :noconnection", "service_dependency"),
    # CUDA without memory; a probe or database refused what it needs
    ("RuntimeError: Error transcribing mic: CUDA failed with error out of memory", "out_of_memory"),
    ("/usr/sbin/fping: can't create socket (must run as root?)", "permission_denied"),
    ("2026-02-10T16:00:30.198-0500 I CONTROL  [main] Could not set permissions on pid file ../data/mongo.pid: "
     "Operation not permitted", "permission_denied"),
])
def test_round45_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a node, feeder or CMS without its router, source or store
    ("5: [robot_state_publisher-1] [WARN] [1777308612.023469017] [rmw_zenoh_cpp]: Unable to connect to a Zenoh router. "
     "Have you started a router with `ros2 run rmw_zenoh_cpp rmw_zenohd`?", "service_dependency"),
    ("ultrafeeder  | [2024-07-29 17:56:59.681][tar1090] runtime directory (first argument: /run/readsb) is not a "
     "directory, fatal error!", "service_dependency"),
    ("[2024-12-04 17:26:55.960][fr24feed] BeastBase::connectTcp(): Unable go connect, error: Network is "
     "unreachable[reader][i]Connecting to unknown receiver via (tcp://ultrafeeder:30005)", "service_dependency"),
    ("supervisord_1  |   An exception occurred in driver: SQLSTATE[HY000] [2002] No such file or dir",
     "service_dependency"),
    ("2018-09-07 16:32:33 [-][-][-][error][yii\\redis\\Connection] Failed to open redis DB connection (redis:6379, "
     "database=0): 0 - php_network_getaddresses: getaddrinfo failed: Name or service not known", "service_dependency"),
    # Cyclone DDS out of participant slots
    ("[component_container_mt-16] 1769256670.700802 [0] component_: Failed to find a free participant index for "
     "domain 0", "resource_exhaustion"),
    # settings a robot, radio or CMS cannot use
    ("[ros2_control_node-5] [ERROR] [1660287632.576754302] [controller_manager]: The 'type' param was not defined for "
     "'joint_state_broadcaster'.", "config_error"),
    ("Config file: Unrecognized command 'NCHANNEL' on line 5.", "config_error"),
    ("C:\\Dump1090-main\\dump1090.cfg(151): WARNING: Unknown key/value: 'http-url4 = tcp://localhost:8080'",
     "config_error"),
    ("2018-05-27 08:24:55 [-][-][-][error][craft\\db\\Connection::open] Connection::dsn cannot be empty.",
     "config_error"),
    # a device the service may not open; the same open failing because the device is not there is not a refusal
    ("[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | "
     "device: /dev/ttyACM0, errno: 13. Please re-run with superuser privileges.", "permission_denied"),
    ("[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | "
     "device: /dev/ttyACM0, errno: 2.", None),
    ("usb_open error -3", "permission_denied"),
    ("Please fix the device permissions, e.g. by installing the udev rules file rtl-sdr.rules", "permission_denied"),
    # a node killed by its own abort; a program or runtime that is not there (127), not any other failure code
    ("[move_group-4] Aborted (Signal sent by tkill() 5763 1000)", "process_crash"),
    ("[ros2run]: Process exited with failure 127", "dependency_missing"),
    ("[ros2run]: Process exited with failure 1", None),
    ("could not find driver (SQL: select * from information_schema.tables where table_schema = database)",
     "dependency_missing"),
    ("Fatal error: Composer detected issues in your platform: Your Composer dependencies require a PHP version "
     "\">= 8.0.2\". You are running 7.4.28.", "dependency_missing"),
    ("2023-02-24 17:51:55 | [feed][n]syncing stream: timeout", "network_timeout"),
    # an SSDP announcement that could not be sent and a client that hung up are none; a bind of the same port is not
    ("  sendto(udp://[ff02::c]:1900) [99: Cannot assign requested address]", None),
    ("  bind(udp://[::]:1900) [99: Cannot assign requested address]", "config_error"),
    ("apache_error   [02/Feb/2023:01:36:06 +0000] [client 122.58.46.142] (104)Connection reset by peer: AH01075: Error "
     "dispatching request to :", None),
])
def test_round46_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a bot, streamer or indexer without its database, daemon or gateway
    ("2024-10-05 21:00:48 freqtrade  | aiohttp.client_exceptions.ClientProxyConnectionError: Cannot connect to host "
     "127.0.0.1:7897 ssl:default [Connect call failed ('127.0.0.1', 7897)]", "service_dependency"),
    ("warning: mongodb not accessible. some features (such as backfilling/simulation) may be disabled.",
     "service_dependency"),
    ("{ MongoError: server instance pool was destroyed", "service_dependency"),
    ("OperationalError: could not connect to server: Connection refused", "service_dependency"),
    ("[2023:11:29:12:05:40]: Error: Failed to create client: Daemon not running", "service_dependency"),
    ("sunshine-1   | [2024-02-09 01:48:27] FATAL: /opt/gow/wait-x11: Gave up waiting for X server :0",
     "service_dependency"),
    ("2024-12-09 10:28:13 error: qBittorrent login failed: fetch failed", "service_dependency"),
    # a module, library, plugin or runtime that is not there
    ("The plugin sqlite adapter expects the module sqlite3 to be installed. However it is not, install it by running:",
     "dependency_missing"),
    ("A fatal error occurred. The folder [/usr/share/dotnet/host/fxr] does not exist", "dependency_missing"),
    ("gstwebrtc_app.GSTWebRTCAppError: ('Missing gstreamer plugins:', ['vpx'])", "dependency_missing"),
    ('(EE) Failed to load module "dummy" (module does not exist, 0)', "dependency_missing"),
    # settings: the bot's own database user refused, an expired certificate, an empty settings file
    ('MongoError: not authorized on zenbot4 to execute command { listIndexes: "trades", cursor: {} }', "config_error"),
    ("Warning: SSL Verification error :: certificate has expired", "config_error"),
    ("/config/config.xml:1.1: Document is empty", "config_error"),
    # a streamer refused its devices
    ("[2023:09:15:06:14:31]: Error: Unable to create some input devices! Are you a member of the 'input' group?",
     "permission_denied"),
    ("retroarch-1  | amdgpu_device_initialize: amdgpu_query_info(ACCEL_WORKING) failed (-13)", "permission_denied"),
    # a launcher reporting its child's death; a normal end is none
    ("[PROCESS] Terminated with status code: 11, std_err: WARNING: Can't obtain the XDG decoration manager.",
     "process_crash"),
    ("[PROCESS] Terminated with status code: 0", None),
    ("2018-02-27 06:10:04,677  ERROR - Main process shut down unexpectedly. If the wrapper was started in daemon mode "
     "you might not see the error output.", "process_crash"),
    ("[ERROR] 2021/11/16 18:12:40 Go Panic! This is a bug please report it on github", "process_crash"),
    # lines that quote a state rather than report one
    ("freqtrade: 2024-11-19 14:29:12,500 - freqtrade.rpc.rpc_manager - INFO - Sending rpc message: {'type': status, "
     "'status': 'process died'}", None),
    ("[2023:03:19:18:45:24]: Error: Could not open codec [h264_nvenc]: Operation not permitted", None),
    ("[Error] FlareSolverr: Proxy Health Check failed", None),
    # a router naming a resolver that was skipped is the skip's consequence (round 16), not a settings verdict
    ('time="2021-05-11T16:51:17Z" level=error msg="the router traefik-secure@docker uses a non-existent resolver: '
     'cloudflare"', None),
])
def test_round47_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # an upstream that did not answer in time
    ("2026-02-28T15:56:15.324962408Z ERROR   searx.engines.wikipedia       : engine timeout", "network_timeout"),
    ("WARNING:searx.search:engine timeout: wikidata", "network_timeout"),
    ("2025-04-02 10:23:21,404 ERROR:searx.engines.startpage: HTTP requests timeout (search duration : 3.0458 s, "
     "timeout: 3.0 s) : ConnectTimeout", "network_timeout"),
    ("Socket error on 127.0.0.1 (127.0.0.1:1143): timeout.", "network_timeout"),
    # a container that exited; a running or cleanly exited one is none
    ("example_mail_1   MailHog                          Exit 1", "container_exit"),
    ("example_mail_1   MailHog                          Exit 0", None),
    ("example_web_1    nginx -g daemon off;             Up      0.0.0.0:80->80/tcp", None),
    # a settings file others may read; settings a mail tool or metasearch engine cannot use
    ("Script action stderr returned \"b'File /usr/local/etc/fetchmailrc must  have no more than -rwx------ (0700) "
     "permissions'\"", "permission_denied"),
    ("mailu-20-fetchmail-1  | fetchmail: Query status=5 (SYNTAX)", "config_error"),
    ("ERROR:searx.webapp:server.secret_key is not changed. Please use something else instead of ultrasecretkey.",
     "config_error"),
    ("2025-08-16 11:56:54,672 ERROR:searx.limiter: The limiter requires Valkey, please consult the documentation",
     "config_error"),
    # a full disk as BerkeleyDB JE reports it
    ("SEVERE Failed to start bean 'bdb'; nested exception is java.lang.RuntimeException: com.sleepycat.je."
     "DiskLimitException: (JE 7.5.11) Disk usage is not within je.maxDisk or je.freeDisk limits and write operations "
     "are prohibited", "disk_full"),
    # a process that died; a command that is not there (systemd before v230 prints 203 without its name)
    ("Trace/breakpoint trap", "process_crash"),
    ("[signal 0xc0000005 code=0x0 addr=0x0 pc=0x5aba60]", "process_crash"),
    ("Nov 14 20:32:21 screenlypi python[621]: SignalException_9:", "process_crash"),
    ("May 11 16:03:03 raspberrypi systemd[1]: screenly-viewer.service: Control process exited, code=exited status=203",
     "dependency_missing"),
    ("Failed with exit value 127.", "dependency_missing"),
    ("2015-10-10 19:36:23,182 INFO spawnerr: can't find command 'log.io-server'", "dependency_missing"),
    # a start-up script's template copy and a cgroup v1 knob on a v2 host are none; a missing script is not
    ('... "/etc/searxng/uwsgi.ini" does not exist, creating from template...', None),
    ("screenly-anthias-viewer-1  | ./bin/start_viewer.sh: line 39: /sys/fs/cgroup/memory/memory.swappiness: No such "
     "file or directory", None),
    ("./bin/start.sh: line 39: /app/run.sh: No such file or directory", "dependency_missing"),
])
def test_round48_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a note-taking server, print server or IRC daemon cannot use
    ('Error: unknown command "/opt/siyuan/kernel" for "kernel"', "config_error"),
    ('2023-12-24T13:27:18.653+0800 ERROR cmd/memos.go:51 failed to create db driver {"error": "unknown db driver"}',
     "config_error"),
    ("E [15/May/2020:18:51:39 +0000] Unknown directive BrowseOrder on line 22 of /etc/cups/cupsd.conf.",
     "config_error"),
    ("[ ** ] Unrecoverable config error.", "config_error"),
    ("Opening config [/znc-data/configs/znc.conf]... [ No such file ]", "config_error"),
    ("[Warn ] SslServer: Certificate expired on Fri Jun 8 19:26:17 2018 GMT", "config_error"),
    ("error : startup : Could not load server: Failed to open datastore: not found", "config_error"),
    # a library, module or driver that is not there
    ("/opt/bin/python2.7: symbol 'ippDelete': can't resolve symbol", "dependency_missing"),
    ("error: No appropriate print PPD file found for model hp_laserjet_mfp_m28-m31", "dependency_missing"),
    ("yarn[16587]: 2025-12-09 18:12:22 [ERROR] Unable to load sqlite3 module. See https://github.com/mapbox/"
     "node-sqlite3/wiki/Binaries", "dependency_missing"),
    ("Loading Module [controlpanel]... [ Unable to find module [controlpanel] ]", "dependency_missing"),
    # a server without its database or a daemon it talks to: the driver's timeout outranks the unhandled exception
    ("Unhandled exception. System.TimeoutException: A timeout occurred after 30000ms selecting a server using "
     "CompositeServerSelector{ Selectors = ReadPreferenceServerSelector{ ReadPreference = { Mode : Primary } } }",
     "service_dependency"),
    ("Unhandled exception. System.InvalidOperationException: Sequence contains no elements", "process_crash"),
    ("E [15/May/2020:18:51:39 +0000] Unable to communicate with avahi-daemon: Daemon not running",
     "service_dependency"),
    # a process that died
    ("# Fatal error in , line 0", "process_crash"),
    ("E [07/Sep/2025:10:05:35 +0000] Scheduler shutting down due to program error.", "process_crash"),
    ("Erreur de segmentation", "process_crash"),
    # a mode or an owner to fix; a rename Windows refused while another program held the file is not one
    ('E [21/Jun/2020:14:13:06 -0600] File "/usr/lib/cups/notifier/dbus" has insecure permissions '
     "(0100775/uid=0/gid=0).", "permission_denied"),
    ("Error: EPERM: operation not permitted, chmod '/var/opt/thelounge'", "permission_denied"),
    ("feb 10 09:45:28 host systemd[1]: saned.socket: Too many incoming connections (1), refusing connection attempt.",
     "resource_exhaustion"),
    # a USB device fault, a reload, atheme's uplink close after the server's refusal and one request's outcome are none
    ("31-10-2023 09:50:26: ! USB[0]: send: libusb_bulk_transfer: Operation timed out", None),
    ("[2022-08-25T04:52:37.535Z] DEBUG (Devices): devices.json does not exist. Reloading", None),
    ("[2021-02-09 17:08:58] connection_close(): connection tcp connection: 127.0.0.1[6] closed due to error 104 "
     "(Connection reset by peer)", None),
    ('2024/04/16 20:52:43 ERROR server error method=/memos.api.v2.LinkService/GetLinkMetadata error="Get '
     '\\"http://localhost:8080/\\": dial tcp 127.0.0.1:8080: connect: connection refused"', None),
])
def test_round49_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a firmware or an encoder that died; an encoder that exited 0 is not a crash of its own
    ("Guru Meditation Error: Core  1 panic'ed (LoadProhibited). Exception was unhandled.", "process_crash"),
    ("abort() was called at PC 0x4011812c on core 0", "process_crash"),
    ("Exception (28):", "process_crash"),
    ("ERROR [av1an_core::broker] [chunk 0] encoder crashed: signal: 9 (SIGKILL)", "process_crash"),
    ("ERROR [av1an_core::broker] [chunk 0] encoder failed 3 times, shutting down worker", "process_crash"),
    ("Error: ffmpeg encode exit code -1073741819", "process_crash"),
    ("Encoding frame    1 87.47 kbps 9.01 fpm  SvtAv1EncApp: /usr/src/debug/svt-av1/SVT-AV1/Source/Lib/Codec/"
     "mcomp.c:523: second_level_check_fast: Assertion 'diag_step.row == br - tr' failed.", "process_crash"),
    ("encoder crashed: exit code: 0", None),
    # settings a status page, energy manager or uWSGI cannot use; a token's scope that refuses a push
    ("healthchecks | realpath() of uwsgi.ini failed: No such file or directory [core/utils.c line 3662]",
     "config_error"),
    ("healthchecks  | socket(): Address family not supported by protocol [core/socket.c line 82]", "config_error"),
    ("[main  ] FATAL 2022/03/24 21:06:47 missing loadpoints", "config_error"),
    ("[main ] FATAL 2025/08/29 13:20:40 loadpoint [db:9] charger does not support phase switching", "config_error"),
    (" ! [remote rejected] master -> master (refusing to allow a GitHub App to create or update workflow "
     "`.github/workflows/graphs.yml` without `workflows` permission)", "config_error"),
    ("  Database does not exist.", "config_error"),
    # a module or an extension that is not there
    ("redis enabled but not installed, check setting: redis_enabled", "dependency_missing"),
    ("Your PHP installation appears to be missing the MySQL extension(s) which are required by Emoncms.",
     "dependency_missing"),
    ("VSScript API not available", "dependency_missing"),
    # a broker or a database not there, an inverter's logger not answering, a disk full under ffmpeg
    ("2023-07-13 17:35:50,545 - DeyeMqttClient - ERROR - Unknown MQTT publishing error: Message publish failed: The "
     "client is not currently connected.", "service_dependency"),
    ("2018/10/03 13:24:17 INFO: Database connection to 'postgres' is not available, trying again in 5 seconds...",
     "service_dependency"),
    ("2023-04-22 23:26:46,807 - DeyeConnector - WARNING - Too many connection timeouts", "network_timeout"),
    ("[05:43:35] avio_open2 failed, errno -28", "disk_full"),
    ("ERROR: avio_open2 failed, errno -2", None),
    # x11vnc's client hanging up is none
    ("24/04/2018 22:38:23 rfbProcessClientNormalMessage: read: Connection reset by peer", None),
])
def test_round50_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a cluster UI, a data-integration tool or a bot cannot use
    ("E0831 16:04:40.671935       1 reflector.go:205] github.com/kubeapps/kubeapps/cmd/apprepository-controller/pkg/"
     "client/informers/externalversions/factory.go:74: Failed to list *v1alpha1.AppRepository: the server could not "
     "find the requested resource (get apprepositories.kubeapps.com)", "config_error"),
    ("Error: could not prepare Kong prefix at /kong_prefix: nginx configuration is invalid (exit code 1):",
     "config_error"),
    ('{"level":"error","error":"failed to append ca cert to pool","message":"couldn\'t add custom cert to context"}',
     "config_error"),
    ("ERROR:kube_ops_view.update:Failed to query cluster 10-96-0-1:443 (https://10.96.0.1:443): 403 Forbidden (try 13, "
     "wait 62 seconds)", "config_error"),
    ("2021-08-03 21:53:17.555 ERROR 21552 --- [pool-1-thread-1] i.d.connector.common.BaseSourceTask      : The "
     "'database.history.kafka.topic' value is invalid: A value is required", "config_error"),
    ("09:37:53.399 [hz.main.priority-generic-operation.thread-0] WARN com.hazelcast.cluster - [127.0.0.1]:5802 "
     "[seatunnel-996597] [5.1] Node could not join cluster at node: [127.0.0.1]:5801 Cause: the target cluster has a "
     "different cluster-name", "config_error"),
    ("Extractor 'tap-csv' is not known to Meltano. Try running `meltano lock --update --all` to ensure your plugins "
     "are up to date.", "config_error"),
    ("javax.security.auth.login.LoginException: Provided token was null or empty!", "config_error"),
    ("aiohttp.client_exceptions.ClientConnectorCertificateError: Cannot connect to host discord.com:443 ssl:True "
     "[SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')]", "config_error"),
    # a service the program needs; the dashboard's scraper outranks the health check it is reported as
    ('{"level":"error","msg":"Error scraping node metrics: the server could not find the requested resource (get '
     'nodes.metrics.k8s.io)","time":"2019-10-02T12:24:09Z"}', "service_dependency"),
    ("2020/11/19 02:27:22 Metric client health check failed: the server could not find the requested resource (get "
     "services dashboard-metrics-scraper). Retrying in 30 seconds.", "service_dependency"),
    ("target-postgres | psycopg2.errors.AdminShutdown: terminating connection due to administrator command",
     "service_dependency"),
    ("telegram.error.NetworkError: httpx.ConnectError: All connection attempts failed", "service_dependency"),
    # a full disk under InnoDB, a dyno over its memory, Windows' timeouts by number
    ("mysql 2020-12-02T20:43:17.534530Z 1 [Warning] [MY-012638] [InnoDB] Retry attempts for writing partial data "
     "failed.", "disk_full"),
    ("2022-04-08T11:13:08.350397+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)", "out_of_memory"),
    ("OSError: [WinError 121] The semaphore timeout period has expired", "network_timeout"),
    ("TimeoutError: [Errno 10060] Connect call failed ('192.30.255.116', 80)", "network_timeout"),
    # a loader or an audio node that died; a loader that exited 0 did not
    ("2022-07-01T15:42:23.040297Z [error    ] Loading failed                 code=-9 message=Table exists",
     "process_crash"),
    ("2022-07-01T15:42:23.040297Z [info     ] Loading failed                 code=0 message=", None),
    ("Lavalink jar shutdown, restarting.", "process_crash"),
    # a plugin, driver, class or program that is not there
    ("Cannot start plugin tap-jaffle-shop: Executable 'tap-jaffle-shop' could not be found.", "dependency_missing"),
    ("Caused by: java.lang.RuntimeException: Failed to get driver instance for jdbcUrl=jdbc:mysql://db:3306/seatunnel",
     "dependency_missing"),
    ("Class not resolvable through given classloader.", "dependency_missing"),
    ("FileNotFoundError: [Errno 2] No such file or directory: 'ffmpeg'", "dependency_missing"),
    # a recovered panic, k9s without its optional metrics and one song's ffmpeg child are none
    ("[restful] recover from panic situation: - runtime error: invalid memory address or nil pointer dereference",
     None),
    ('2026-01-18T16:29:55+01:00 WRN Fail to locate metrics-server error="Get \\"http://localhost:8080/api\\": dial tcp '
     '127.0.0.1:8080: connect: connection refused"', None),
    ("Uncaught Exception: DisTubeError [FFMPEG_EXITED]: ffmpeg exited with code 1", None),
])
def test_round51_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a function platform, a workflow engine or a registry cannot use
    ("[2018-08-06T13:14:01.699Z] [ERROR] [#tid_sid_invoker] [Invoker] Error processing command line arguments List(o)",
     "config_error"),
    ('Exception: Unable to find executor for Lambda function "my-handler". Note that non-Python Lambdas require '
     "LAMBDA_EXECUTOR=docker", "config_error"),
    ('{"level":"error","logger":"webhook","msg":"Reconcile error","error":"secret \\"webhook-certs\\" is missing '
     '\\"ca-cert.pem\\" key"}', "config_error"),
    ('Error: Command "start" not found', "config_error"),
    ("Error: command /bin/sh not found", "config_error"),
    ('2023-11-01T15:48:58.564Z        ERROR   Unable to update SQL schema.    {"error": "error listing schema dir:open '
     'schema/postgresql/v96/temporal/versioned: no such file or directory"}', "config_error"),
    ("cannot create server: getaddrinfo ENOTFOUND localhost", "config_error"),
    ('nginx: invalid option: "/bin/sh"', "config_error"),
    ("ERROR: unable to update: no candidates for http://repo.aptly.info/dists/squeeze/main/source/Sources found",
     "config_error"),
    ("Error: while trying to list root(/home/pypiserver/packages): [Errno 2] No such file or directory: "
     "'/home/pypiserver/packages'", "config_error"),
    # a service the platform needs; faasd without containerd outranks the timeout, docker-py without its daemon the
    # refusal
    ('Feb 23 01:23:05 c3 faasd[21554]: Error: failed to dial "/run/containerd/containerd.sock": context deadline '
     "exceeded", "service_dependency"),
    ("docker.errors.DockerException: Error while fetching server API version: ('Connection aborted.', "
     "ConnectionRefusedError(111, 'Connection refused'))", "service_dependency"),
    ("    reason: Error: DAPR_SIDECAR_COULD_NOT_BE_STARTED", "service_dependency"),
    ("[KafkaProducerConnector] sending message on topic 'health' failed: Expiring 1 record(s) for health-0: 30011 ms "
     "has passed since batch creation plus linger time", "service_dependency"),
    ("java.lang.RuntimeException: Could't establish connection with db: jdbc:postgresql://db:5432/artifactory",
     "service_dependency"),
    ("2022-01-11T14:02:09.877Z [jfrou] [ERROR] [7f3fb3a30ade9665] [local_topology.go:128         ] [main          "
     "      ] - periodic send heartbeat failed for 4 consecutive times. Last error: failed sending heartbeat",
     "service_dependency"),
    ('[jfrou] [WARN ] - Readiness test failed with the following error: "required node services are missing"',
     "health_check_failure"),
    # a timeout, a heap and a datastore over their limits, a registry's own crash report
    ("  http://in.archive.ubuntu.com/ubuntu/pool/main/c/corosync/x.deb: Get http:/ubuntu/pool/main/c/corosync/x.deb: "
     "net/http: timeout awaiting response headers", "network_timeout"),
    ("ERROR [periodic-9-thread-2]  *SYSTEM org.sonatype.nexus.selfhosted.internal.jvm.MemoryMonitor - *SYSTEM [jvm "
     "monitor] [memory] CRITICAL heap usage: 90% (1.8gb/2.0gb), sustained=30000ms", "out_of_memory"),
    ("Datastore disk is too high: Warning limit: 85%, Used: 91%, Total: 188.80 GB, Used: 172.00 GB, Available: "
     "16.79 GB", "disk_full"),
    (" fatal--- uncaught exception, please report this", "process_crash"),
    # a kubectl row after its namespace column; a shell's trace of an echo and dind's mount are none
    ("default            builder-gnm5x-buildrun-rpk4r-5zx8s-pod              0/4     Error     0                12m",
     "container_exit"),
    ("+ echo 'waiting for postgresql to start up'", None),
    ("waiting for postgresql to start up", "service_dependency"),
    ("mount: permission denied (are you root?)", None),
])
def test_round52_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a GitOps controller, an ingress or a search engine cannot use (RBAC refusals are config_error)
    ('argo        hello               Error    20m   Error (exit code 1): pods "hello" is forbidden: User '
     '"system:serviceaccount:argo:default" cannot patch resource "pods" in API group "" in the namespace "argo"',
     "config_error"),
    ('time="2023-01-23T18:42:18Z" level=error msg="finished unary call with code Unknown" error="Manifest generation '
     "error (cached): plugin sidecar failed. couldn't find cmp-server plugin with name dhall-to-yaml\"",
     "config_error"),
    ("✗ GitRepository reconciliation failed: 'unable to clone 'ssh://git@github.com/x/fleet': ssh: handshake failed: "
     "knownhosts: key mismatch'", "config_error"),
    ("PARSE ERROR: Argument: --phoney", "config_error"),
    ("[2024-03-04 09:06:18.969][1][critical][main] [source/server/server.cc:134] error initializing config '  "
     "/config/envoy.json': Invalid path: /config/envoy.json", "config_error"),
    ("Mar 09 10:42:19 host meilisearch[24397]:   Did you mean '--dump-dir'?", "config_error"),
    ('Error response from daemon: getent unable to find entry "0:0" in passwd database', "config_error"),
    # an empty URL setting a program works around is none (round 38)
    ('Warning: unable to retrieve Fargate Task IP: Get "": unsupported protocol scheme ""; trying to use HOSTNAME '
     "instead", None),
    # a service the controller, gateway or search node needs
    ("redis.clients.jedis.exceptions.JedisConnectionException: Could not get a resource from the pool",
     "service_dependency"),
    ('W1018 12:10:18.732092       8 controller.go:190] Dynamic reconfiguration failed: Post '
     '"http://127.0.0.1:10246/configuration/backends": dial tcp 127.0.0.1:10246: connect: connection refused',
     "service_dependency"),
    ("2025/01/13 13:04:31 [error] 54#54: *13355165 [lua] config_etcd.lua:193: watchdir err: has no healthy etcd "
     "endpoint available, context: ngx.timer", "service_dependency"),
    ("[     1.742475s]  WARN ThreadId(02) identity:controller{addr=linkerd-identity-headless.linkerd.svc.cluster.local:"
     "8080}: linkerd_app_core::control: Failed to resolve control-plane component error=no record found",
     "service_dependency"),
    ("WARN ThreadId(01) inbound:accept{peer.addr=10.37.126.8:46412 target.addr=10.36.216.4:50053}: "
     "linkerd_app_core::errors: Failed to proxy request: HTTP Logical service in fail-fast", None),
    ("ERROR qdrant::common::health: GetConsensusCommit request failed: Error in closure supplied to transport channel "
     'pool: status: Unavailable, message: "Failed to connect"', "service_dependency"),
    # the API server's timeout, gRPC's size limit, flux check's verdict, a proxy's death, a held lock, an OOM report, a
    # shard at its disk threshold
    ("Failed to list *unstructured.Unstructured: the server was unable to return a response in the time allotted, but "
     "may still be processing the request", "network_timeout"),
    ('time="2025-07-21T07:32:28.914Z" level=fatal msg="rpc error: code = ResourceExhausted desc = grpc: trying to send '
     'message larger than max (2409346693 vs. 2147483647)"', "resource_exhaustion"),
    ("source-controller: unhealthy (timed out waiting for rollout)", "health_check_failure"),
    ("2021-06-08T08:05:59.894460Z critical envoy main std::terminate called! (possible uncaught exception, see trace)",
     "process_crash"),
    ("[Sun Aug 24 13:32:00.231 2025] [2571265] FATAL: failed to lock '/var/lib/manticore/binlog/binlog.lock': 11 "
     "'Resource temporarily unavailable'", "database_lock"),
    ("Process nginx (pid: 3860819) triggered an OOM kill on process nginx (pid: 3128340, oom_score: 2086003, "
     "oom_score_adj: 936).", "out_of_memory"),
    ('{"action":"set_shard_read_only","level":"warning","msg":"Set READONLY, disk usage currently at 90.01%, threshold '
     'set to 90.00%","path":"/var/lib/weaviate"}', "disk_full"),
    # Istio's validation warm-up and Gloo's usage telemetry are none
    ("2020-03-06T17:41:01.236650Z     info    validationController    Not ready to switch validation to fail-closed: "
     "dummy invalid config not rejected", None),
    ('{"level":"warn","logger":"gloo-ee","msg":"Error while reporting usage","error":"dial tcp: connect: connection '
     'refused"}', None),
])
def test_round53_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # a log shipper refused its own files; a bind to a privileged port is not a file mode to fix (left untaught)
    ("rsyslogd[1284]: imjournal: open() failed for path: '/var/lib/rsyslog/imjournal.state.tmp': Operation not "
     "permitted [v8.2412.0-3.fc42 try https://www.rsyslog.com/e/2433 ]", "permission_denied"),
    ("[error] [in_tail] read error, check permissions: /var/log/containers/*.log", "permission_denied"),
    ("0: Trying to bind fd 16 to <127.0.0.1:443>: errno=13", None),
    # OpenLDAP's database held by another slapd
    ('openldap             | 6310a7c4 hdb_db_open: database "dc=planetexpress,dc=com": database already in use.',
     "database_lock"),
    # a shipper, bridge or media worker that died
    ("[2023/02/22 07:29:06] [engine] caught signal (SIGSEGV)", "process_crash"),
    ("May 28 23:26:05.761 ERROR vector::topology: Unhandled error", "process_crash"),
    ("JVB 2024-02-15 12:19:16.579 SEVERE: [1] MainKt.main$lambda$0#55: An uncaught exception occurred in "
     "thread=Thread[main,5,main]", "process_crash"),
    ("Illegal instruction", "process_crash"),
    (" Core was generated by `/usr/bin/freeswitch -u freeswitch -g freeswitch -ncwait -nonat'.", "process_crash"),
    # settings a shipper, directory or media server cannot use; the same-named panic outranked
    ('level=error caller=main.go:115 msg="error creating promtail" error="at least one client config should be '
     'provided"', "config_error"),
    ("Error: /etc/alloy/config.alloy:16:31: missing ',' in field list", "config_error"),
    ("[2023/05/30 18:03:02] [error] configuration file contains errors, aborting.", "config_error"),
    ("ipa.ipapython.install.cli.install_tool(Server): ERROR    IPA server is already configured on this system.",
     "config_error"),
    ("iam    | panic: Unsupported driver name:", "config_error"),
    ("[samba]    | exit_daemon: daemon failed to start: Samba detected misconfigured 'server role' and exited. Check "
     "logs for details, error code 22", "config_error"),
    ("2024-02-16T00:57:59.522162063Z 24: (8): WARNING: Trying to bind fd 91 to <[fd00:dead:beef:c0::1]:3478>: errno=99",
     "config_error"),
    # a shipper or directory client without its service (it outranks the refusal)
    ("2022-11-30T11:12:08.638Z ERROR pipeline/output.go:100 Failed to connect to backoff(async(tcp://logstash:5044)): "
     "dial tcp 172.17.0.3:5044: connect: connection refused", "service_dependency"),
    ('2017-06-13 09:47:19 +0000 [warn]: #0 failed to flush the buffer. retry_time=13 chunk="551d1b477b6d9624" '
     'error_class=Fluent::Plugin::ForwardOutput::NoNodesAvailable error="no nodes are available"',
     "service_dependency"),
    ("ldap_sasl_bind(SIMPLE): Can't contact LDAP server (-1)", "service_dependency"),
    # a module built for another version, a STUN lookup that timed out
    ("[Sep  1 20:56:28] ERROR[100172] loader.c: Error loading module 'chan_pjsip.so': /usr/local/lib/asterisk/modules/"
     'chan_pjsip.so: Undefined symbol "ast_sip_cli_traverse_objects"', "dependency_missing"),
    ("2021-03-01 18:01:24.118695 [ERR] switch_stun.c:900 STUN Failed! [Timeout]", "network_timeout"),
    # gssproxy's realpath in a container and systemd's start timeout are none
    ("Nov 16 23:41:41 ipa.test.com gssproxy[6275]: Unexpected failure in realpath: 13 (Permission denied)", None),
    ("Jan 09 06:46:09 server systemd[1]: freeswitch.service: start operation timed out. Terminating.", None),
])
def test_round54_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a notebook server, a telemetry backend or a forge cannot use
    ("[C 14:50:26.561 NotebookApp] Bad config encountered during initialization:", "config_error"),
    ("[C 14:50:26.561 NotebookApp] The 'server_extensions' trait of a NotebookApp instance must be a list, but a value "
     "of type 'unicode' (i.e. u'some_module') was specified.", "config_error"),
    ('2021/10/04 13:00:58 application run finished with error: cannot load configuration: unknown exporters type '
     '"logzio" for logzio', "config_error"),
    ("  line 9: cannot unmarshal !!str `:14317` into bunconf.Listen", "config_error"),
    ("[2016-02-25T14:05:19+00:00] FATAL: Aborting due to invalid 'log_location' configuration", "config_error"),
    ("2024-04-22_17:14:12.01038 36375:M 22 Apr 2024 17:14:12.010 # Failed opening Unix socket: bind: Operation not "
     "supported", "config_error"),
    # a service the IDE or backend needs; the connector outranks the main thread's exception
    ('level=error ts=2024-11-18T11:19:35.927Z caller=frontend_processor.go:76 msg="error contacting frontend" '
     "address=10.100.57.252:9095 err=\"rpc error: code = Unavailable desc = connection refused\"",
     "service_dependency"),
    ('2024-01-23T16:50:32.525Z info command/ch.go:35 ClickHouse is down {"error": "EOF", "addr": "ch:8443"}',
     "service_dependency"),
    ('Exception in thread "main" org.elasticsearch.hadoop.EsHadoopIllegalArgumentException: No data nodes with '
     "HTTP-enabled available", "service_dependency"),
    # a tool that is not there, a memory limiter losing data, a watchdog over its RSS limit
    ("remote: env: can't execute 'bash': No such file or directory", "dependency_missing"),
    ("2023-01-12T11:39:25.971Z warn memorylimiterprocessor@v0.66.0/memorylimiter.go:312 Memory usage is above soft "
     "limit. Dropping data.", "resource_exhaustion"),
    ('{"severity":"WARN","memwd_max_strikes":5,"memwd_cur_strikes":6,"message":"rss memory limit exceeded"}',
     "out_of_memory"),
    # defaults, a client's hang-up, the BPF verifier, gRPC's channel state and a recovered request panic are none
    ("WARN [2014-12-31 15:53:19,592] ({main} ZeppelinConfiguration.java[create]:66) - Failed to load configuration, "
     "proceeding with a default", None),
    ("16:58:55.660 [ConfigProxy] error: Error: read ECONNRESET", None),
    ('WARN couldn\'t load tracer component=ebpf.ProcessTracer error="loading and assigning BPF objects: field X: '
     'program beyla_x: load program: permission denied"', None),
    ("2023-09-05T07:03:10.890-0300    INFO    grpc@v1.57.0/clientconn.go:1303 [core][Channel #1 SubChannel #2] "
     'Subchannel Connectivity change to IDLE, last error: connection error: desc = "transport: Error while dialing: '
     'dial tcp 127.0.0.1:4317: connect: connection refused"', None),
    ("[Macaron] PANIC: runtime error: invalid memory address or nil pointer dereference", None),
])
def test_round55_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a backup tool, a download client or an inference server cannot use
    ("/etc/borgmatic/config.yaml /etc/borgmatic.d: No valid configuration files found", "config_error"),
    ("kopia  | ERROR failed to open repository: unable to create format manager: invalid repository password",
     "config_error"),
    ("error: [Errno 99] Address not available - Check for internet or DNS problems", "config_error"),
    ('Jun 16 17:03:37 nzbget nzbget:  nzbget.conf(70): Invalid value for option "TempDir" (/nzbget/tmp/): could not '
     "create directory : No such file or directory", "config_error"),
    ("Starting daemon failed: could not create lock-file /config/downloads/nzbget.lock", "config_error"),
    ("uci: Parse error (invalid command) at line 1, byte 0", "config_error"),
    ("Error: Use of '--load-model' requires setting '--model-control-mode=explicit' as well.", "config_error"),
    # a backup tool, a download client or an inference server that crashed (SIGILL, not SIGTERM)
    ("duplicati-server[7156]: [ERROR] FATAL UNHANDLED EXCEPTION: System.Exception: Unable to find log in lookup table",
     "process_crash"),
    ("Catching SIGSEGV, please report a bug at http://bug.qbittorrent.org", "process_crash"),
    ("* thread #6, name = 'rtorrent-scgi', stop reason = signal SIGABRT", "process_crash"),
    ("2024-03-06T17:53:31.052444Z ERROR shard-manager: text_generation_launcher: Shard process was signaled to "
     "shutdown with signal 4 rank=0", "process_crash"),
    ("2024-03-06T17:53:31.052444Z ERROR shard-manager: text_generation_launcher: Shard process was signaled to "
     "shutdown with signal 15 rank=0", None),
    ("free(): invalid pointer", "process_crash"),
    (" 155 2023-03-10T11:14:57-06:00 INFO 2023-03-10 09:14:57,180 controller 979 deployment_state.py:625 - Actor for "
     "replica D#DYFbUC crashed, marking it unhealthy immediately.", "process_crash"),
    ("2023-07-07T17:55:43.805488Z ERROR text_generation_launcher: Webserver Crashed", "process_crash"),
    # a replica failing its health check; GPU memory outranks the launcher's panic
    (" 154 2023-03-10T11:14:57-06:00 WARNING 2023-03-10 09:14:57,187 controller 979 deployment_state.py:1506 - Replica "
     "D#DYFbUC of deployment D failed health check, stopping it.", "health_check_failure"),
    ("thread 'main' panicked at 'Unable to warmup model: Generation(\"Allocation on device 0 would exceed allowed "
     "memory. (out of memory)\\nCurrently allocated     : 16.08 GiB\")', router/src/main.rs:216:18", "out_of_memory"),
    ("RuntimeError: Not enough memory to handle 4096 prefill tokens. You need to decrease `--max-batch-prefill-tokens`",
     "out_of_memory"),
    # binds that failed on a held port; the older llama.cpp form is left to its reason
    ("[2021-12-10 09:00:24.230] UDP Couldn't bind IPv4 socket (tr-udp.c:271)", "port_conflict"),
    ("main: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 8080", "port_conflict"),
    ("couldn't bind to server socket: hostname=33.206.101.72 port=8898", None),
    # what a tool needs and does not have
    ("Error message: System.TypeInitializationException: The type initializer for 'Mono.Unix.Native.Syscall' threw an "
     "exception. ---> System.DllNotFoundException: /usr/lib/libMonoPosixHelper.so", "dependency_missing"),
    ("2018/02/14 23:33:39 stop deluge 1.3.15-8 End start-stop-status start ret=[127]", "dependency_missing"),
    ("bentoml.exceptions.MissingDependencyException: None (reason: No module named 'tensorflow')",
     "dependency_missing"),
    # skipped files, a peer's UDP send and an optional plugin are none
    ("12:21:26.199 ignored error in .dbus: unable to read directory: open /home/mathrick/.dbus: permission denied",
     None),
    ("[2023-01-02 15:18:33.522] WRN tr-udp.cc:258 Couldn't send to [2601:8b:8580:7c60::9a00]:18939: 101 (Network is "
     "unreachable)", None),
    ("ae05277d311f:55933:55933 [1] NCCL INFO NET/Plugin: Plugin load returned 2 : libnccl-net.so: cannot open shared "
     "object file: No such file or directory : when loading libnccl-net.so", None),
])
def test_round56_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a game server, a bridge or a mail server cannot use; the same-named panic outranked
    ("2018-07-31 10:20:25 | stdout | 6.826 Error ServerMultiplayerManager.cpp:633: Matching server connection failed: "
     "Error when creating server game: Missing token.", "config_error"),
    ("Aug 24 12:15:54 wings[24825]: panic: failed to open process log file: open /var/log/pterodactyl/wings.log: no "
     "such file or directory", "config_error"),
    ("2024-02-09 21:23:23.389 supervisord: message repeated 51 times: [ enshrouded-server CreateBoundSocket: ::bind to "
     "port 0 returned error [no name available](10049)#015]", "config_error"),
    ("2021-01-09 08:47:23.372  - error: host.VMC123-iobroker uncaught exception: Installation error or unknown objects "
     "database type: 127.0.0.1", "config_error"),
    ("Zigbee2MQTT:error 2023-02-02 21:11:56: Error: ENOENT: no such file or directory, open "
     "'/config/zigbee2mqtt/.yaml'", "config_error"),
    ("sed: can't read /tmp/postfix/accounts.cf: No such file or directory", "config_error"),
    ("klondike: unknown user _smtpd", "config_error"),
    ("Apr 11 12:47:05 SHIVAhoneypot exim4[18889]: 2018-04-11 12:47:05 Exim configuration error in line 30 of "
     "/var/lib/exim4/config.autogenerated.tmp:", "config_error"),
    ('Apr 11 12:47:05 SHIVAhoneypot exim4[18889]:   "daemon_smtp_ports" option set for the second time',
     "config_error"),
    # an optional YAML file another program goes on without is not Zigbee2MQTT's
    ("2024-06-26 09:07:05 error: Config file YAML format is invalid: ENOENT: no such file or directory, open "
     "'/app/librechat.yaml'", None),
    # a panel daemon, a bridge or a mail daemon that died
    ("08:44:38.1032 wings: A fatal error caused the daemon to stop abruptly. (er r.code=ECONNRESET)", "process_crash"),
    ("Signal 11 caught.", "process_crash"),
    ("[17/04/2026, 09:23:21] [Meross] Child bridge ended (code 1, signal null). The child bridge ended unexpectedly, "
     "which is normally due to the plugin not catching its errors properly.", "process_crash"),
    ("AssertionError [ERR_ASSERTION]: Accessories must be created with a non-empty displayName.", "process_crash"),
    ("host.rasp04 | 2020-06-22 15:25:47.834 | warn | instance system.adapter.javascript.0 terminated due to SIGABRT",
     "process_crash"),
    ("Jun 13 17:34:40 mini smtpd[15931]: lost child: runner terminated; signal 11", "process_crash"),
    ("smtpd: process ca socket closed", "process_crash"),
    ("postfix.service terminated abnormally with <ProcStatus exit_status=1>", "process_crash"),
    ("child process [27167] exited or timed out without signaling production of a PID file: exit 255 at "
     "/usr/local/bin/spamd line 2979.", "process_crash"),
    # a full disk, a mount the server cannot write, a missing assembly
    ("2024-11-24T13:53:21.362777170Z UpdateUI: skip show logo[  0%] !!! Fatal Error: Steamcmd needs 250MB of free disk "
     "space to update.", "disk_full"),
    ("[init] ERROR: unable to write eula to /data. Please make sure attached directory is writable by uid=1000",
     "permission_denied"),
    ("2024-09-27 00:31:36.179 ERROR LOGGER: Error getting file stats: EPERM: operation not permitted, stat "
     "'C:\\Program Files (x86)\\HomeSeer HS4\\Data\\z-ui_2024-09-26.log'", "permission_denied"),
    ("[05:00:30] [System Error/9]       : Missing plugin/assembly: Open.Nat", "dependency_missing"),
    # a watchdog's failed checks and a mail pipeline without its Redis or spamd (they outrank the refusal)
    ("watchdog-mailcow_1 | connect to address 172.22.1.250 and port 24: Connection refused", "health_check_failure"),
    ("watchdog-mailcow_1 | SMTP CRITICAL - 0.001 sec. response time|time=0.001260s;;;0.000000",
     "health_check_failure"),
    ("postfix-mailcow_1    | Dec 21 21:57:17 mail syslog-ng[10]: REDIS: failed to connect;", "service_dependency"),
    ("2017-10-20 14:33:15 #719(normal) <sc39ye>; lua; fann_redis.lua:256: cannot save redis lock script: timeout while "
     "connecting the server", "service_dependency"),
    ("Jun 21 11:05:31 haraka haraka[3065]: [ERROR] [E39D233A.1] [spamassassin] connection failed: Error: connect "
     "ECONNREFUSED 172.16.15.6:783", "service_dependency"),
    ("mail spamc[29494]: connect to spamd on 127.0.0.1 failed, retrying (#2 of 3): Connection refused",
     "service_dependency"),
    # a fork without memory, as Redis's is
    ("pyzor: check failed: util: cannot fork: Can't fork: Cannot allocate memory at "
     "/usr/share/perl5/Mail/SpamAssassin/Util.pm line 1520.", "out_of_memory"),
    # an SFTP client that hung up is none
    ("Mar 19 20:06:24 cc0 wings[5396]: ERROR: [Mar 19 20:06:24.493] sftp: failed to accept inbound connection "
     "error=read tcp 192.168.0.1:2022->193.201.9.104:42951: read: connection reset by peer ip=193.201.9.104:42951",
     None),
])
def test_round57_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings an app server, a tunnel or a printer host cannot use
    ("weblate-1   | Error: Invalid value for '--runtime-threads' (env var: 'None'): 0 is not in the range x>=1.",
     "config_error"),
    ("Could not start the spawn server: %RUBY: No such file or directory (2)", "config_error"),
    ("ERROR: Couldn't find env file: /root/netmaker.env", "config_error"),
    ("count= and names= are mutually exclusive", "config_error"),
    ("Failed to register PDO entry: No such file or directory", "config_error"),
    ("Unexpected error while connecting to serial port: None OSError: '[Errno 2] No such file or directory: 'None'' @ "
     "comm.py:_openSerial:948", "config_error"),
    ("Error locating origin cert: client didn't specify origincert path", "config_error"),
    # cloudflared's note at INFO before it looks elsewhere is none
    ("INFO[2020-12-15T18:28:47+07:00] Cannot determine default origin certificate path. No file cert.pem in "
     "[~/.cloudflared ~/.cloudflare-warp ~/cloudflare-warp]", None),
    # an app server's worker or a printer host's loop that died
    ("liminal-dev-etl  | [ERROR] Unexpected exit from worker-1", "process_crash"),
    ("[ E 2024-06-18 00:20:11.9001 77/T29 age/Cor/App/Implementation.cpp:221 ]: Could not spawn process for "
     "application /home/app/webapp: The application process exited prematurely.", "process_crash"),
    ("2013-07-26 23:20:12,528 - octoprint.util.comm - ERROR - Something crashed inside the serial connection loop, "
     "please report this in OctoPrint's bug tracker:", "process_crash"),
    # Unicorn's PID file left by a dead master
    ("/var/www/bundle/ruby/3.2.0/gems/unicorn-6.1.0/lib/unicorn/http_server.rb:206:in `pid=': Already running on "
     "PID:1 (or pid=/var/www/cobra/tmp/pids/unicorn.pid is stale) (ArgumentError)", "database_lock"),
    # a preloader without its Ruby, a kernel without WireGuard
    ("App 1977 output: /usr/local/rvm/rubies/ruby-3.1.5/bin/ruby: No such file or directory -- Passenger "
     "AppPreloader: /home/app/webapp (LoadError)", "dependency_missing"),
    ("2021-12-27_23:47:15.10088 Error: Unknown device type.", "dependency_missing"),
    ("2021-12-27_23:47:15.11693 Unable to modify interface: Protocol not supported", "dependency_missing"),
    ("firezone_1  | ip: RTNETLINK answers: Not supported", "dependency_missing"),
    # a tunnel client without its server, a CLI without its daemon (they outrank the refusal); a login that timed
    # out is the network's
    ("login to server failed: dial tcp 121.61.63.38:7000: connectex: No connection could be made because the target "
     "machine actively refused it.", "service_dependency"),
    ("2022/08/12 12:24:16 [W] [service.go:128] login to server failed: dial tcp 182.243.33.96:7000: i/o timeout",
     "network_timeout"),
    ("Jan 30 03:17:30.469 ERROR handle{service=echo}: rathole::client: Failed to run the control channel: Failed to "
     "connect to 127.0.0.1:2332: Connection refused (os error 111). Retry in 930.328506ms...", "service_dependency"),
    ("--rpc-eval : RPC failed with reason :nodedown", "service_dependency"),
    ("Error connecting to the ZeroTier service: connection failed", "service_dependency"),
    ("zerotier_1  | 0 join connection failed", "service_dependency"),
    # a tunnel's handshake and a mesh peer that timed out
    ("Error: timed out waiting for initial message", "network_timeout"),
    ("2024-12-13 16:56:56: connect to peer error. dst: udp://22.1.1.1:11010, ip_version: V4, err: "
     "Err(Timeout(Elapsed(())))", "network_timeout"),
    # a request's view of a spawn failure is none
    ("[ pid=5199 thr=140721465112384 file=ext/apache2/Hooks.cpp:862 time=2016-02-09 17:38:20.426 ]: Unexpected error "
     "in mod_passenger: Cannot spawn application '/var/www/phishing-frenzy': Could not read from the spawn server: "
     "Connection reset by peer (104)", None),
])
def test_round58_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # an operator, an agent or a broker client without the service it needs (they outrank the refusal)
    ("psycopg2.OperationalError: server closed the connection unexpectedly", "service_dependency"),
    ("2021-04-21 05:07:19 WARN  ClientCnxn:1190 - Client session timed out, have not heard from server in 20108ms for "
     "sessionid 0x0", "service_dependency"),
    ("Caused by: io.strimzi.operator.common.operator.resource.TimeoutException: Exceeded timeout of 300000ms while "
     "waiting for ZooKeeperAdmin connection to kafka-cluster-zookeeper-0.kafka-cluster-zookeeper-nodes:2181 to be "
     "connected", "service_dependency"),
    ("2019-01-28 14:33:22,184 WARN Session 0x0 for server localhost/127.0.0.1:2181, unexpected error, closing socket "
     "connection and attempting reconnect (org.apache.zookeeper.ClientCnxn) [main-SendThread(localhost:2181)]",
     "service_dependency"),
    ("[2017-11-14T09:09:52.637Z] [WARN] Session 0x0 for server null, unexpected error, closing socket connection and "
     "attempting reconnect", None),
    ("policy-user   False   Error connecting to MariaDB   100        policy-mariadb   7h53m", "service_dependency"),
    ('time="2022-06-18T21:41:17Z" level=error msg="could not sync cluster: could not sync roles: could not init db '
     'connection: could not init db connection: still failing after 8 retries" cluster-name=default/fx-postgres',
     "service_dependency"),
    ("2014/10/20 03:02:52 ossec-syscheckd(1210): ERROR: Queue '/var/ossec/queue/ossec/queue' not accessible: "
     "'Connection refused'.", "service_dependency"),
    ('FATA[0000] failed to fetch prometheus metrics : executing GET request for URL "http://127.0.0.1:6060/metrics" '
     "failed: Get http://127.0.0.1:6060/metrics: dial tcp 127.0.0.1:6060: connect: connection refused",
     "service_dependency"),
    # pgBackRest's lock held by another run
    ("       HINT: is another pgBackRest process running?", "database_lock"),
    # settings an operator or a security daemon cannot use
    ("E0121 06:48:51.944849       1 reflector.go:178] pkg/mod/k8s.io/client-go@v0.18.2/tools/cache/reflector.go:125: "
     "Failed to list *v1alpha1.MysqlCluster: v1alpha1.MysqlClusterList.Items: []v1alpha1.MysqlCluster: ReadString",
     "config_error"),
    ("Error: container has runAsNonRoot and image will run as root", "config_error"),
    ("      Reason:       CreateContainerConfigError", "config_error"),
    ('{"t":{"$date":"2025-07-09T09:25:21.712+00:00"},"s":"W",  "c":"NETWORK",  "id":23235,   "ctx":"conn86","msg":"SSL '
     'peer certificate validation failed","attr":{"reason":"certificate signature failure"}}', "config_error"),
    ("Nov 16 14:16:59 NoJab fail2ban-server[62951]: 2023-11-16 14:16:59,141 fail2ban                [62951]: ERROR   "
     "Failed during configuration: Have not found any log file for nginx-http-auth jail", "config_error"),
    ("[23023] 28/7/2017 -- 09:31:15 - (source-af-packet.c:1346) <Warning> (AFPTryReopen) -- [ERRCODE: "
     "SC_ERR_AFP_CREATE(190)] - Can not open iface 'enp0s3'", "config_error"),
    ("Error - space_left(0) must be larger than admin_space_left(0)", "config_error"),
    ("Jul 16 21:17:50 ip-10-103-1-134.ec2.internal auditd[43207]: Could not open dir /var/log/audit (No such file or "
     "directory)", "config_error"),
    ("Apr 6 02:07:22 server1 ossec[487]: 2020/04/06 02:07:22 ossec-logcollector(1202): ERROR: Configuration error at "
     "'/var/ossec/etc/shared/agent.conf'. Exiting.", "config_error"),
    ("2020/11/15 11:24:27 ossec-analysisd(1450): ERROR: Syntax error on regex: '\\(pam_unix\\)$': 9.", "config_error"),
    ("ModSecurity Core Rule Set is deployed without configuration! Please copy the crs-setup.conf.example template to "
     "crs-setup.conf", "config_error"),
    # a database node, a Ray node or a training launcher that died
    ("2024-12-27T16:21:42.796926Z 2 [ERROR] [MY-000000] [Galera] Application state transfer failed. This is "
     "unrecoverable condition, restart required.", "process_crash"),
    ("[2022-04-12 13:46:39,948 C 74 74] (raylet) node_manager.cc:170: This node has beem marked as dead.",
     "process_crash"),
    ("[2023-04-14 13:11:27,885] [ERROR] [launch.py:434:sigkill_handler] ['/usr/bin/python3', '-u', 'main.py'] exits "
     "with return code = -9", "process_crash"),
    ("torch.distributed.elastic.multiprocessing.errors.ChildFailedError:", "process_crash"),
    ("  traceback : Signal 9 (SIGKILL) received by PID 14750", "process_crash"),
    ('<error> [2024-02-19 05:09:33] agent crashed  address="192.168.1.219" component="agent" error="agent failed to '
     'reconnect by deadline" id="a1002"', "process_crash"),
    # Ray's object store on a nearly full disk; a module for another kernel; a kubectl row in Init:Error
    ("(raylet) [2025-04-21 10:05:37,313 E 959680 959717] file_system_monitor.cc:116: /tmp/ray/session_2025-03-25 is "
     "over 95% full, available space: 42.6695 GB; capacity: 876.137 GB.", "disk_full"),
    ("Dec 19 17:11:41 VM-0-13-ubuntu falco[7020]: modprobe: ERROR: could not insert 'falco_probe': Exec format error",
     "dependency_missing"),
    (' 2022-11-24 08:05:13,476 7F8DC29B20 ERROR 7f8e7b1c30 -- stderr: "iptables v1.8.7 (legacy): can\'t initialize '
     "iptables table `filter': Table does not exist (do you need to insmod?)\"", "dependency_missing"),
    ("pod/synapse-sample-instance1-7wfj-0   0/3     Init:Error   1 (2s ago)   6s", "container_exit"),
    # a client's hang-up, an agent's reset socket, a start-up wait, auditd's pid and Dask's dashboard port are none
    ("java.io.IOException: Connection reset by peer", None),
    ("2023/11/03 13:26:19 wazuh-agentd ERROR: Connection socket: Connection reset by peer (54)", None),
    ("wazuh.manager-1    | 2025/05/09 09:59:57 wazuh-analysisd: INFO: Cannot connect to 'queue/db/wdb': Connection "
     "refused (111). Waiting 1 seconds to reconnect.", None),
    ("warning 2023-12-04T19:47:21.373797+00:00 c21 auditd[3899]: Error setting audit daemon pid (Permission denied)",
     None),
    ("  /Users/runner/work/distributed/distributed/distributed/node.py:160: UserWarning: Port 8787 is already in use.",
     None),
])
def test_round59_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


@pytest.mark.parametrize(("line", "expected"), [
    # settings a CI agent, a migration tool or a storage driver cannot use
    ('{"level":"error","error":"Backend engine \'kubernetes\' not found","time":"2023-02-23T22:33:14+01:00"}',
     "config_error"),
    ('ERROR: Job failed: failed to pull image "deployphp/deployer:7" with specified policies [always]: Error response '
     "from daemon: pull access denied for deployphp/deployer, repository does not exist or may require 'docker login'",
     "config_error"),
    ("Error: knex: Required configuration option 'client' is missing.", "config_error"),
    ("ERROR: Unable to connect to the database. Configure the url, user and password!", "config_error"),
    ("FAILED: No 'script_location' key found in configuration.", "config_error"),
    ("error: first /go/src/github.com/zwhitchcox/consolidator/migrations: file does not exist", "config_error"),
    ("error creating migration instance: open .: no such file or directory", "config_error"),
    ('Error: pg_dump: [archiver (db)] connection to database "" failed: invalid URI query parameter: "search_path"',
     "config_error"),
    ("mkdir: can't create directory '': No such file or directory", "config_error"),
    ("[  406.733601] rbd: rbd0: failed to blocklist client3363889: -13", "config_error"),
    ("Output: username specified with no parameter", "config_error"),
    ("events2: unrecognized option '--full'", "config_error"),
    # a bare docker pull of a local name is none (the project's traps)
    ("Error response from daemon: pull access denied for app, repository does not exist or may require 'docker "
     "login': denied: requested access to the resource is denied", None),
    # a CI agent's disk check, a container the kubelet lost, Knex's migration lock left behind
    ("Not enough disk space free, cutoff is 5242880 \N{POLICE CARS REVOLVING LIGHT}", "disk_full"),
    ("  | Not enough inodes free, cutoff is 250000 \N{POLICE CARS REVOLVING LIGHT}", "disk_full"),
    (" copy-agent        137       0  ContainerStatusUnknown  The container could not be located when the pod was "
     "terminated", "container_exit"),
    (" [2018-03-21T09:31:56.662Z] Knex:warning - If you are sure migrations are not running you can release the lock "
     "manually by deleting all the rows from migrations lock table: knex_migrations_lock", "database_lock"),
    # a migration tool or a storage driver without the service it needs (they outrank the refusal and the panic)
    ("Message    : java.net.ConnectException: Connection refused (Connection refused)", "service_dependency"),
    ('{"service":"democratic-csi","level":"error","message":"handler error - driver: FreeNASDriver method: Probe '
     'error: Error: connect EHOSTUNREACH 172.17.3.20:22"}', "service_dependency"),
    ("panic: EC2 instance metadata is not available", "service_dependency"),
    ("Output: mount error(115): Operation now in progress", "service_dependency"),
    # what a migration tool or a storage driver needs and does not have
    ("ERROR: Please install mysql2 package manually", "dependency_missing"),
    ('"sqitch" failed to start: "The system cannot find the file specified"', "dependency_missing"),
    ("DBD::Pg 2.0 required to manage PostgreSQL", "dependency_missing"),
    ("[csi-snapshotter-5768bd46-wxgdp] E0303 06:15:36.408999       1 reflector.go:127] factory.go:117: Failed to watch "
     "*v1beta1.VolumeSnapshotClass: failed to list *v1beta1.VolumeSnapshotClass: the server could not find the "
     "requested resource (get volumesnapshotclasses.snapshot.storage.k8s.io)", "dependency_missing"),
    ("rbd: failed to load rbd kernel module (1)", "dependency_missing"),
    ("output: modinfo: ERROR: could not get modinfo from 'rbd': Exec format error", "dependency_missing"),
    # a storage engine call and ceph commands that timed out
    ("[longhorn-manager-x2l5z] E0303 06:15:44.255636       1 engine_controller.go:706] failed to update status for "
     "engine pvc-c6a98c1d: cannot get volume info: Timeout executing: /var/lib/longhorn/engine-binaries/longhorn",
     "network_timeout"),
    ("2019-05-03 14:47:35.013823 I | exec: timed out", "network_timeout"),
    # a write to /proc, an NFS server's refusal and a debug note are none
    ("[2020-07-07 09:52:01Z INFO ProcessInvokerWrapper] System.UnauthorizedAccessException: Access to the path "
     "'/proc/64/oom_score_adj' is denied.", None),
    ("mount.nfs: mount(2): Permission denied", None),
    ("DEBUG: Unable to load config file: /home/clalance/flyway.conf", None),
])
def test_round60_phrasing_families(classifier: Classifier, line: str, expected: str | None) -> None:
    assert_classified_as(classifier, line, expected)


def test_a_wait_for_a_database_that_pg_isready_reports_up_is_over(classifier: Classifier) -> None:
    """Round 56: an entrypoint's "Waiting for postgresql..." followed by pg_isready's "- accepting connections" or its
    own "...postgresql is alive" is a wait that ended; "- no response" keeps it."""
    waiting = "Waiting for postgresql..."
    assert _patterns(classifier, [waiting, "bareos_bareos-db_1:5432 - accepting connections"]) == [None, None]
    assert _patterns(classifier, [waiting, "...postgresql is alive"]) == [None, None]
    assert _patterns(classifier, [waiting, "bareos_bareos-db_1:5432 - no response"]) == ["service_dependency", None]


def test_a_monitors_successful_check_does_not_release_a_lock(classifier: Classifier) -> None:
    """Round 50: Statping's "database is locked" followed by its check of a monitored site ("Service #13 'x' Successful
    Response") is still a lock: the success is other work. A success of the program's own work still clears it."""
    locked = "statping    | [2021-12-03 16:49:26]  database is locked"
    check = ("statping    | INFO[0517] Service #13 'videoscape-europe.com' Successful Response: 11089 ms | Lookup in: "
             "4580 ms | Online: true | Interval: 60 seconds")
    assert _patterns(classifier, [locked, check]) == ["database_lock", None]
    assert _patterns(classifier, [locked, "statping    | INFO[0518] Migration completed successfully"]) == [None, None]


def test_a_reconnect_that_went_through_is_over(classifier: Classifier) -> None:
    """Round 16: ngrok's "failed to reconnect session" followed a few lines later by "client session established" is a
    failure that recovered; without the success line it stays."""
    failed = ('t=2020-04-08T11:05:17-0400 lvl=eror msg="failed to reconnect session" obj=csess id=1c90 err="read tcp '
              '192.168.0.173:48720->3.15.55.144:443: i/o timeout"')
    started = 't=2020-04-08T11:05:24-0400 lvl=info msg="tunnel session started" obj=tunnels.session'
    established = 't=2020-04-08T11:05:24-0400 lvl=info msg="client session established" obj=csess id=1c90'
    assert _patterns(classifier, [failed, started, established]) == [None, None, None]
    assert _patterns(classifier, [failed, started]) == ["service_dependency", None]


def test_a_wait_loop_that_went_through_is_over(classifier: Classifier) -> None:
    """A start-up script's wait for its database ("Postgres is unavailable - sleeping", "Waiting for Redis...") followed
    a few lines later by the database being up is a wait that ended (none in the corpus, rounds 22, 38, 40 and 41); the
    same wait with nothing after it, a wait that timed out ("wait-for-it.sh: timeout occurred"), and a retry followed by
    "not connected" stay."""
    sleeping = "Postgres is unavailable - sleeping"
    up = 'Postgres is up - executing command "/usr/local/tomcat/bin/catalina.sh run"'
    assert _patterns(classifier, [sleeping, up]) == [None, None]
    assert _patterns(classifier, [sleeping, "Starting worker"]) == ["service_dependency", None]
    timed_out = "wait-for-it.sh: timeout occurred after waiting 60 seconds for localhost:3306,"
    assert _patterns(classifier, [timed_out, "DB is up. Time to execute artisan commands.,"]) == ["service_dependency",
                                                                                              None]
    ups = ["daemon.err upsmon[7800]: Poll UPS [5p1150@localhost] failed - Driver not connected",
           "upsd[7717]: [D1] mainloop: waiting for the driver"]
    assert _patterns(classifier, [*ups, "upsd[7717]: [D1] mainloop: UPS [5p1150] is not currently connected"]
                     )[0] == "service_dependency"
    assert _patterns(classifier, [*ups, "upsd[7717]: [D1] mainloop: UPS [5p1150] connected"])[0] is None


def test_a_programs_own_error_with_a_hint_survives_the_documentation_vetoes(classifier: Classifier) -> None:
    """A `hinted` rule (the program's own error message that explains itself) is kept on a line a documentation or
    precaution veto matches; a rule that is not hinted is still dropped there, and every other veto still wins."""
    assert classifier.classify_line("seastar - Could not setup Async I/O: Resource temporarily unavailable. The most "
                                    "common cause is not enough request capacity in /proc/sys/fs/aio-max-nr"
                                    ).pattern == "resource_exhaustion"
    assert classifier.classify_line("The most common cause is: Connection refused") is None  # not hinted
    assert classifier.classify_line('{"level":"info","msg":"CUDA out of memory. Tried to allocate 2 GiB"}') is None


def test_a_daemons_own_second_bind_is_not_a_port_conflict(classifier: Classifier) -> None:
    """Round 12: the sshd dual-stack rule for other daemons. A port the same process just reported listening on (cupsd,
    dnsmasq, a Go server), a bind after the platform refused SO_REUSEPORT (smbd under WSL 1), and a one-shot ntpd -q
    beside the system's time service are no conflict; the same failure after another process's listen, on another
    port, or alone is."""
    cups = ["I [27/Jun/2006:10:25:45 +0600] Listening to 0.0.0.0:631 on fd 0...",
            "E [27/Jun/2006:10:25:45 +0600] Unable to bind socket for address :631 - Address already in use."]
    assert _patterns(classifier, cups) == [None, None]
    assert _patterns(classifier, cups[1:]) == ["port_conflict"]
    assert _patterns(classifier, [cups[0].replace(":631", ":8631"), cups[1]]) == [None, "port_conflict"]
    dnsmasq = ["dnsmasq[812]: listening on [::]:53", "dnsmasq[812]: failed to create listening socket for 0.0.0.0:53: "
               "Address already in use"]
    assert _patterns(classifier, dnsmasq) == [None, None]
    assert _patterns(classifier, [dnsmasq[0].replace("[812]", "[99]"), dnsmasq[1]]) == [None, "port_conflict"]
    cups_old = ["D [11/Aug/2004:22:03:04 +0200] StartListening: address=00000000 port=631",
                "D [11/Aug/2004:22:03:04 +0200] StartListening: address=7f000001 port=631",
                "E [11/Aug/2004:22:03:04 +0200] StartListening: Unable to bind socket - Address already in use."]
    assert _patterns(classifier, cups_old)[2] is None
    assert _patterns(classifier, [cups_old[1], cups_old[2]])[1] == "port_conflict"
    smbd = ["open_socket_in(): setsockopt: SO_REUSEPORT = true on port 445 failed with error = Invalid argument",
            "smbd_open_one_socket: open_socket_in: Address already in use"]
    assert _patterns(classifier, smbd) == [None, None]
    assert _patterns(classifier, smbd[1:]) == ["port_conflict"]
    ntp = ["ntpd[21]: Command line: ntpd -n -q -p pool.ntp.org",
           "ntpd[21]: bind(16) AF_INET 127.0.0.1#123 flags 0x5 failed: Address already in use"]
    assert _patterns(classifier, ntp) == [None, None]
    assert _patterns(classifier, [ntp[0].replace(" -q", ""), ntp[1]]) == [None, "port_conflict"]
    assert _patterns(classifier, [ntp[0].replace("ntpd[21]", "ntpd[22]"), ntp[1]]) == [None, "port_conflict"]
    # a reasonless game-server bind failure whose reason is EADDRNOTAVAIL: the address is not on this host
    mc = ["[Server thread/WARN]: **** FAILED TO BIND TO PORT!",
          "[Server thread/WARN]: The exception was: java.net.BindException: Cannot assign requested address",
          "[Server thread/WARN]: Perhaps a server is already running on that port?"]
    assert _patterns(classifier, mc) == [None, "config_error", None]
    in_use = [mc[0], mc[1].replace("Cannot assign requested address", "Address already in use"), mc[2]]
    assert _patterns(classifier, in_use) == ["port_conflict", "port_conflict", "port_conflict"]
    # rsync's chgrp on a share that keeps no attributes is a bare EPERM: weak, never fixPermissions alone
    assert _patterns(classifier, ['rsync: chgrp "/mnt/share/a.txt" failed: Operation not permitted (1)']) == [None]


def test_postgres_hint_is_weak_port_conflict_evidence(classifier: Classifier) -> None:
    """PostgreSQL's 'Is another postmaster already running on port N?' follows any bind failure: after 'Address already
    in use' a conflict, after an IPv6 socket that cannot be bound nothing to free."""
    hint = "HINT:  Is another postmaster already running on port 5432? If not, wait a few seconds and retry."
    after_ipv6 = classifier.classify_lines(
        ["LOG:  could not bind IPv6 socket: Cannot assign requested address", hint])
    assert [v.pattern if v else None for v in after_ipv6] == [None, None]
    after_conflict = classifier.classify_lines(
        ['LOG:  could not bind IPv4 address "0.0.0.0": Address already in use', hint])
    assert [v.pattern if v else None for v in after_conflict] == ["port_conflict", "port_conflict"]


def test_rsync_bind_summary_is_weak_port_conflict_evidence(classifier: Classifier) -> None:
    """rsync's 'unable to bind any inbound sockets' names no reason: next to 'Address already in use' it is a
    conflict, alone or after a permission error it frees no port."""
    summary = "2011/02/22 21:53:38 [9219] unable to bind any inbound sockets on port 873"
    in_use = "2011/02/22 21:53:38 [9219] bind() failed: Address already in use (address-family 2)"
    denied = "2011/02/22 21:53:38 [9219] bind() failed: Permission denied (address-family 2)"
    assert _patterns(classifier, [in_use, summary]) == ["port_conflict", "port_conflict"]
    assert _patterns(classifier, [summary]) == [None]
    assert _patterns(classifier, [denied, summary]) == ["permission_denied", None]


def test_reasonless_bind_error_is_weak_port_conflict_evidence(classifier: Classifier) -> None:
    """'Error binding to port' names no reason: alone it frees no port, next to 'Address already in use' it counts,
    and a reason on its own line that is not a conflict wins."""
    bind = "Thu Dec  2 06:26:32 2021 : Error: /etc/raddb/auth.conf[7]: Error binding to port for 127.0.0.1 port 18121"
    lm = classifier.classify_line(bind)
    assert lm is not None and lm.pattern == "port_conflict" and not lm.strong
    assert _patterns(classifier, [bind]) == [None]
    in_use = ("Thu Dec  2 06:26:32 2021 : Error: Failed binding to status address 127.0.0.1 port 18121 bound to server "
              "status: Address already in use")
    assert _patterns(classifier, [in_use, bind]) == ["port_conflict", "port_conflict"]
    assert classifier.classify_line("error binding socket to port 80: Permission denied").pattern == "permission_denied"
    assert classifier.classify([bind]).pattern is None


def test_lock_contention_that_clears_is_over(classifier: Classifier) -> None:
    """A busy lock (a pool's connections at start-up) followed by the blocked work going through had a live owner and
    is over: no removeStaleLock. The rule only ever drops database_lock verdicts."""
    burst = ["2023-03-16T04:19:36.776366Z ERROR r2d2: database is locked"] * 4
    cleared = [*burst, "2023-03-16T04:19:37.19247Z DEBUG native::db: Database migration run - db initialized"]
    assert _patterns(classifier, cleared) == [None] * 5
    assert classifier.classify(cleared).pattern is None
    # the same burst without what followed, or with a failure before the success, or a success that is not one
    assert _patterns(classifier, burst) == ["database_lock"] * 4
    crashed = [*burst, "systemd[1]: app.service: Main process exited, code=exited, status=1/FAILURE",
               "INFO connected to metrics endpoint"]
    assert _patterns(classifier, crashed)[:4] == ["database_lock"] * 4
    assert _patterns(classifier, [*burst, "WARN db not initialized yet"]) == ["database_lock"] * 4 + [None]
    # beyond the lookahead the lock stands
    assert _patterns(classifier, [burst[0], *["filler"] * 10, "db initialized"])[0] == "database_lock"
    # a stale lock file then a start that succeeded: over as well (the safe direction)
    stale = ['FATAL:  lock file "postmaster.pid" already exists',
             "LOG:  database system is ready to accept connections"]
    assert _patterns(classifier, stale) == [None, None]

    # a script polling a held apt/dpkg lock until it is free: over; a completion with a non-zero exit is no success
    apt = ["E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1551 (apt-get)",
           "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?"]
    polled = [*apt, "Waiting for other software managers to finish...", "All apt locks are free."]
    assert _patterns(classifier, polled) == [None] * 4
    assert _patterns(classifier, [*apt, "dpkg: lock released"]) == [None] * 3
    failed = [*apt, "Error: Process completed with exit code 100."]
    assert _patterns(classifier, failed) == ["database_lock"] * 2 + [None]
    assert _patterns(classifier, [*apt, "Build completed with errors"])[:2] == ["database_lock"] * 2
    unrelated = [*apt, "INFO free disk space: 20 GB", "INFO 3 locks held"]
    assert _patterns(classifier, unrelated)[:2] == ["database_lock"] * 2
    for not_free in ("WARN lock was not released by pid 1551", "the lock is not free yet",
                     "apt hasn't released the lock"):
        assert _patterns(classifier, [*apt, not_free])[:2] == ["database_lock"] * 2, not_free
    # a lock raised as an exception: the driver waited its busy timeout and gave up; a success after it is other work
    raised = ["[22:51:03][scan_engine][fingerprint_targets] Exception: OperationalError: database is locked",
              "[22:51:03][scan_engine][scan] Fingerprinting completed"]
    assert _patterns(classifier, raised) == ["database_lock", None]
    sqlite = ["sqlite3.OperationalError: database is locked", "db initialized"]
    assert _patterns(classifier, sqlite)[0] == "database_lock"
    # a package manager that waited for its lock and then finished the transaction (yum's and dnf's "Complete!"): over;
    # the same wait without it, or ending in an error, stands
    yum = ["Another app is currently holding the yum lock; waiting for it to exit...",
           "  The other application is: yum"]
    assert _patterns(classifier, [*yum, "Installed:", "  htop.x86_64 0:2.2.0-3.el7", "Complete!"]) == [None] * 5
    assert _patterns(classifier, [*yum, "Error: Nothing to do"])[0] == "database_lock"
    assert _patterns(classifier, [*yum, "Transaction incomplete!"])[0] == "database_lock"


def test_unknown_python_crash_is_fingerprinted_by_its_exception_not_its_header(classifier: Classifier) -> None:
    """With no pattern, the signature names the exception line: two crashes with other exceptions are two signatures."""
    a = classifier.classify(["Traceback (most recent call last):", '  File "/app/x.py", line 3, in <module>',
                             "KeyError: 'FOO'"])
    b = classifier.classify(["Traceback (most recent call last):", '  File "/app/y.py", line 9, in run',
                             "ZeroDivisionError: division by zero"])
    assert a.pattern is None and b.pattern is None
    assert a.signature == "KeyError: <q>" and a.signature_id != b.signature_id
    # the exception line still carries its pattern when it has one
    assert classifier.classify(["Traceback (most recent call last):",
                                "PermissionError: [Errno 13] Permission denied: '/var/log/app.log'"]).pattern \
        == "permission_denied"
    assert classifier.classify(["Traceback (most recent call last):"]).signature == "Traceback (most recent call last):"
