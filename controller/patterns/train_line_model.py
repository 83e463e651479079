"""Train the classifier's line model (line_model.py) on the labelled corpus and store it in the package.

    python -m controller.patterns.train_line_model [--write]      (make line-model)

Needs scikit-learn and scipy (`pip install -e '.[model]'`). It trains on every corpus source except the unseen round,
so that the unseen round stays a measurement of software the model has not seen either, and stores the digest of the
lines it learned from; tests/unit/test_line_model.py compares that digest with today's corpus.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from controller.patterns.line_model import ARTEFACT, BITS, LineModel, dump, hashed_counts
from controller.patterns.quality import UNSEEN, CorpusLine, Figures, load_corpus

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "corpus"
MIN_DF = 2  # a bucket seen in fewer training lines weighs 0: one line's quirks are not learned


def training_part(directory: Path = CORPUS) -> list[CorpusLine]:
    """Every labelled line of the corpus except the unseen round's: what the shipped model learns from."""
    return [line for lines in load_corpus(directory).values() if lines[0].part != UNSEEN for line in lines]


def corpus_digest(lines: Sequence[CorpusLine]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(f"{line.source}\t{line.label}\t{line.text}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def train(lines: Sequence[CorpusLine], bits: int = BITS) -> LineModel:
    """Fit the model on labelled lines (needs scikit-learn and scipy: `pip install -e '.[model]'`)."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.svm import LinearSVC

    size = 1 << bits
    counted = [hashed_counts(line.text, bits) for line in lines]
    tables = []
    idfs = []
    for which in (0, 1):
        rows, cols, vals = [], [], []
        for i, counts in enumerate(counted):
            for bucket, count in counts[which].items():
                rows.append(i)
                cols.append(bucket)
                vals.append(count)
        raw = csr_matrix((vals, (rows, cols)), shape=(len(lines), size), dtype=np.float64)
        tfidf = TfidfTransformer(sublinear_tf=True).fit(raw)  # 1 + log(count), smooth idf, L2 per line
        idf = tfidf.idf_.copy()
        idf[np.bincount(np.asarray(cols, dtype=np.int64), minlength=size) < MIN_DF] = 0.0
        tfidf.idf_ = idf
        tables.append(tfidf.transform(raw))
        idfs.append(idf.astype(np.float32))
    svm = LinearSVC(C=0.5, random_state=0)
    svm.fit(hstack(tables).tocsr(), [line.label for line in lines])
    coef = svm.coef_
    scale = np.abs(coef).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    quantised = np.clip(np.round(coef / scale[:, None]), -127, 127).astype(np.int8)
    weights = tuple(
        tuple(array.array("b", quantised[k, t * size:(t + 1) * size].tobytes()) for k in range(len(svm.classes_)))
        for t in (0, 1)
    )
    return LineModel(
        classes=tuple(str(c) for c in svm.classes_), bias=tuple(float(b) for b in svm.intercept_),
        scale=tuple(float(s) for s in scale),
        idf=(array.array("f", idfs[0].tobytes()), array.array("f", idfs[1].tobytes())),
        weights=(weights[0], weights[1]), bits=bits, corpus_sha256=corpus_digest(lines), trained_lines=len(lines))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the line model on the corpus (all but the unseen round).")
    parser.add_argument("--write", action="store_true", help=f"write {ARTEFACT.name} (default: train and report)")
    args = parser.parse_args(argv)
    lines = training_part()
    model = train(lines)
    fitted = Figures()
    for line in lines:
        fitted.add(line, model.predict(line.text))
    right, failures = sum(fitted.correct.values()), sum(fitted.labelled.values())
    print(f"trained on {len(lines)} lines ({failures} failures); fitted P {right}/{sum(fitted.flagged.values())}, "
          f"R {right}/{failures}")
    if args.write:
        dump(model)
        print(f"wrote {ARTEFACT} ({ARTEFACT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
