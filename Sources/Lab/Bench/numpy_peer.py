"""The benchmark's peer: the spiral network's training in numpy, the same work as GradKit's.

`gradkit bench` runs it on one thread (OPENBLAS_NUM_THREADS=1). It reads the data set and
the initial weights that the Swift side exported, so both sides start from the same
numbers, and trains the 2 -> H (ReLU) -> K network by full-batch gradient descent with the
reference's conventions: the loss is the mean softmax cross-entropy plus
½λ(ΣW1² + ΣW2²), computed at every step as the reference does, and the step is
θ ← θ − α∇. It prints one JSON line: the processor seconds of the training, iterations,
final loss, accuracy, and numpy's version and BLAS.

It is written as a practitioner tunes numpy (BENCHMARKS.md measures each step): every
array is allocated once and written in place with `out=`; the ReLU is a multiply by a 0/1
mask that the backward pass reuses; the labels are a one-hot matrix, not fancy indexing;
row and column sums are products with a vector of ones, which BLAS does faster than
numpy's reductions; and the first layer uses the bias trick, [X 1]·[W1; b1], so one
product gives X·W1 + b1 and one gives both dW1 and db1.
"""

import json
import sys
import time

import numpy as np


def train(X, y, W1, b1, W2, b2, step, reg, iterations):
    """Trains in place for `iterations` steps and returns the last step's loss."""
    m, d = X.shape
    h, k = W2.shape
    # The bias trick: X1 = [X 1] and W1b = [W1; b1], so X1 @ W1b = X @ W1 + b1.
    X1 = np.hstack([X, np.ones((m, 1))])
    W1b = np.vstack([W1, b1])
    W1v, b1v = W1b[:d], W1b[d:]
    Z = np.empty((m, h))  # X·W1 + b1, then in place H = relu(Z)
    mask = np.empty((m, h))  # [Z > 0] as 0.0 and 1.0
    dH = np.empty((m, h))  # dS·W2ᵀ, then in place dZ = dH ⊙ [Z > 0]
    S = np.empty((m, k))  # scores, then probabilities, then dS
    shift = np.empty((m, 1))
    sums = np.empty((m, 1))
    dW1b = np.empty_like(W1b)
    dW2 = np.empty_like(W2)
    db2 = np.empty_like(b2)
    onehot = np.zeros((m, k))
    onehot[np.arange(m), y] = 1.0
    ones_m = np.ones((1, m))
    ones_k = np.ones((k, 1))
    loss = float("nan")
    for _ in range(iterations):
        # Forward.
        np.matmul(X1, W1b, out=Z)
        np.greater(Z, 0.0, out=mask)
        Z *= mask
        np.matmul(Z, W2, out=S)
        S += b2
        # Softmax and loss, each row shifted by its maximum.
        np.maximum(S[:, 0:1], S[:, 1:2], out=shift)
        for j in range(2, k):
            np.maximum(shift, S[:, j : j + 1], out=shift)
        S -= shift
        correct = np.vdot(S, onehot)
        np.exp(S, out=S)
        np.matmul(S, ones_k, out=sums)
        S /= sums
        penalty = 0.5 * reg * (np.vdot(W1v, W1v) + np.vdot(W2, W2))
        loss = (np.log(sums).sum() - correct) / m + penalty
        # Backward: dS = (P − Y) / m.
        S -= onehot
        S /= m
        np.matmul(Z.T, S, out=dW2)
        dW2 += reg * W2
        np.matmul(ones_m, S, out=db2)
        np.matmul(S, W2.T, out=dH)
        dH *= mask
        np.matmul(X1.T, dH, out=dW1b)
        dW1b[:d] += reg * W1v
        # The step θ ← θ − α∇.
        dW1b *= step
        W1b -= dW1b
        dW2 *= step
        W2 -= dW2
        db2 *= step
        b2 -= db2
    W1[...] = W1v
    b1[...] = b1v
    return loss


def evaluate(X, y, W1, b1, W2, b2, reg):
    """The loss and the training accuracy of the trained network, in plain numpy."""
    scores = np.maximum(0.0, X @ W1 + b1) @ W2 + b2
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_sums = np.log(np.exp(shifted).sum(axis=1))
    data_loss = np.mean(log_sums - shifted[np.arange(len(y)), y])
    loss = data_loss + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    return float(loss), float(np.mean(scores.argmax(axis=1) == y))


def blas():
    """numpy's BLAS: library, version, kernel and threads from threadpoolctl when it is
    installed, else the library numpy was built with."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{config['name']} {config['version']} (pip install threadpoolctl for more)"
    for pool in threadpool_info():
        if pool["user_api"] == "blas":
            return (
                f"{pool['internal_api']} {pool['version']}, {pool['architecture']} kernels,"
                f" {pool['num_threads']} thread(s)"
            )
    return "no BLAS found"


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

    # Processor time, the clock the Swift side uses: not the time spent waiting for a core.
    start = time.process_time()
    train(X, y, W1, b1, W2, b2, step, reg, iterations)
    seconds = time.process_time() - start

    loss, accuracy = evaluate(X, y, W1, b1, W2, b2, reg)
    print(json.dumps({
        "seconds": seconds, "iterations": iterations, "loss": loss, "accuracy": accuracy,
        "numpy": np.__version__, "blas": blas(),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
