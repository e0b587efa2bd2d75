"""The benchmark's peer: the spiral network's training in numpy, the same work as GradKit's.

`gradkit bench` runs it with OPENBLAS_NUM_THREADS=1. It reads the data set and the initial
weights that the Swift side exported, so both sides start from the same numbers, and trains
the 2 -> H (ReLU) -> K network by full-batch gradient descent with the reference's
conventions: the loss is the mean softmax cross-entropy plus ½λ(ΣW1² + ΣW2²), the step
is θ ← θ − α∇. It prints one JSON line: seconds, iterations, final loss and accuracy.
"""

import json
import sys
import time

import numpy as np


def loss_and_gradient(X, y, W1, b1, W2, b2, reg):
    """The forward pass, the loss, and the backward pass, as in the reference solution."""
    m = X.shape[0]
    pre = X @ W1 + b1
    hidden = np.maximum(0.0, pre)
    scores = hidden @ W2 + b2
    shifted = scores - scores.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    sums = exps.sum(axis=1, keepdims=True)
    probs = exps / sums
    log_probs = shifted[np.arange(m), y] - np.log(sums[:, 0])
    loss = -log_probs.mean() + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    d_scores = probs
    d_scores[np.arange(m), y] -= 1.0
    d_scores /= m
    dW2 = hidden.T @ d_scores + reg * W2
    db2 = d_scores.sum(axis=0, keepdims=True)
    d_hidden = d_scores @ W2.T
    d_hidden[pre <= 0] = 0.0
    dW1 = X.T @ d_hidden + reg * W1
    db1 = d_hidden.sum(axis=0, keepdims=True)
    return loss, scores, (dW1, db1, dW2, db2)


def main(path):
    with open(path) as f:
        job = json.load(f)
    X = np.array(job["inputs"], dtype=np.float64)
    y = np.array(job["labels"], dtype=np.int64)
    W1 = np.array(job["W1"], dtype=np.float64)
    b1 = np.array(job["b1"], dtype=np.float64)
    W2 = np.array(job["W2"], dtype=np.float64)
    b2 = np.array(job["b2"], dtype=np.float64)
    step, reg, iterations = job["learningRate"], job["regularization"], job["iterations"]

    start = time.perf_counter()
    for _ in range(iterations):
        _, _, (dW1, db1, dW2, db2) = loss_and_gradient(X, y, W1, b1, W2, b2, reg)
        W1 -= step * dW1
        b1 -= step * db1
        W2 -= step * dW2
        b2 -= step * db2
    seconds = time.perf_counter() - start

    loss, scores, _ = loss_and_gradient(X, y, W1, b1, W2, b2, reg)
    accuracy = float(np.mean(scores.argmax(axis=1) == y))
    print(json.dumps({
        "seconds": seconds, "iterations": iterations, "loss": float(loss),
        "accuracy": accuracy, "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
