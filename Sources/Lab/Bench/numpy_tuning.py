"""What each tuning step of the numpy peer buys: the table in BENCHMARKS.md.

    python3 Sources/Lab/Bench/numpy_tuning.py JOB [ROUNDS]

JOB is a job file that `gradkit bench` wrote (.gradkit/bench-100.json, bench-1000.json).
Step 0 is the peer as first written; each later step adds one change to the one before;
the last is numpy_peer.train. Every step trains in a fresh Python process, as the
benchmark runs the peer, so each starts with a fresh heap; the steps take turns, ROUNDS
times (5 by default). Prints each step's median iterations per second (processor time)
and final loss. The environment is passed on: run it with OPENBLAS_NUM_THREADS=1, and
with or without GLIBC_TUNABLES, as `gradkit bench` runs the peer.
"""

import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

import numpy_peer


def step0(X, y, W1, b1, W2, b2, step, reg, iterations, multiply_mask=False):
    """As first written: new arrays every step, a boolean-indexed mask, fancy indexing;
    with `multiply_mask`, step 1."""

    def loss_and_gradient(W1, b1, W2, b2):
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
        if multiply_mask:
            d_hidden *= pre > 0
        else:
            d_hidden[pre <= 0] = 0.0
        dW1 = X.T @ d_hidden + reg * W1
        db1 = d_hidden.sum(axis=0, keepdims=True)
        return loss, (dW1, db1, dW2, db2)

    for _ in range(iterations):
        loss, (dW1, db1, dW2, db2) = loss_and_gradient(W1, b1, W2, b2)
        W1 -= step * dW1
        b1 -= step * db1
        W2 -= step * dW2
        b2 -= step * db2
    return loss


def step1(*arguments):
    """Step 0 with the ReLU mask as a multiply, d_hidden *= pre > 0."""
    return step0(*arguments, multiply_mask=True)


def buffers(X, W1, W2):
    m, h, k = X.shape[0], W1.shape[1], W2.shape[1]
    return np.empty((m, h)), np.empty((m, h)), np.empty((m, k)), np.empty((m, 1)), np.empty((m, 1))


def step2(X, y, W1, b1, W2, b2, step, reg, iterations):
    """Step 1 with every array allocated once and written in place (out=, *=, -=)."""
    m = X.shape[0]
    Z, dH, S, shift, sums = buffers(X, W1, W2)
    dW1, dW2, db1, db2 = (np.empty_like(a) for a in (W1, W2, b1, b2))
    rows = np.arange(m)
    for _ in range(iterations):
        np.matmul(X, W1, out=Z)
        Z += b1
        np.maximum(Z, 0.0, out=Z)
        np.matmul(Z, W2, out=S)
        S += b2
        np.max(S, axis=1, keepdims=True, out=shift)
        S -= shift
        correct = S[rows, y].sum()
        np.exp(S, out=S)
        np.sum(S, axis=1, keepdims=True, out=sums)
        S /= sums
        loss = (np.log(sums).sum() - correct) / m + 0.5 * reg * (np.vdot(W1, W1) + np.vdot(W2, W2))
        S[rows, y] -= 1.0
        S /= m
        np.matmul(Z.T, S, out=dW2)
        dW2 += reg * W2
        np.sum(S, axis=0, keepdims=True, out=db2)
        np.matmul(S, W2.T, out=dH)
        dH *= Z > 0
        np.matmul(X.T, dH, out=dW1)
        dW1 += reg * W1
        np.sum(dH, axis=0, keepdims=True, out=db1)
        for parameter, gradient in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2)):
            gradient *= step
            parameter -= gradient
    return loss


def step3(X, y, W1, b1, W2, b2, step, reg, iterations):
    """Step 2 with the labels as a one-hot matrix instead of fancy indexing."""
    m, k = X.shape[0], W2.shape[1]
    Z, dH, S, shift, sums = buffers(X, W1, W2)
    dW1, dW2, db1, db2 = (np.empty_like(a) for a in (W1, W2, b1, b2))
    onehot = np.zeros((m, k))
    onehot[np.arange(m), y] = 1.0
    for _ in range(iterations):
        np.matmul(X, W1, out=Z)
        Z += b1
        np.maximum(Z, 0.0, out=Z)
        np.matmul(Z, W2, out=S)
        S += b2
        np.max(S, axis=1, keepdims=True, out=shift)
        S -= shift
        correct = np.vdot(S, onehot)
        np.exp(S, out=S)
        np.sum(S, axis=1, keepdims=True, out=sums)
        S /= sums
        loss = (np.log(sums).sum() - correct) / m + 0.5 * reg * (np.vdot(W1, W1) + np.vdot(W2, W2))
        S -= onehot
        S /= m
        np.matmul(Z.T, S, out=dW2)
        dW2 += reg * W2
        np.sum(S, axis=0, keepdims=True, out=db2)
        np.matmul(S, W2.T, out=dH)
        dH *= Z > 0
        np.matmul(X.T, dH, out=dW1)
        dW1 += reg * W1
        np.sum(dH, axis=0, keepdims=True, out=db1)
        for parameter, gradient in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2)):
            gradient *= step
            parameter -= gradient
    return loss


def step4(X, y, W1, b1, W2, b2, step, reg, iterations, float_mask=False):
    """Step 3 with the sums as BLAS products with a vector of ones, and each row's
    maximum as np.maximum over its K columns; with `float_mask`, step 5."""
    m, h, k = X.shape[0], W1.shape[1], W2.shape[1]
    Z, dH, S, shift, sums = buffers(X, W1, W2)
    mask = np.empty((m, h))
    dW1, dW2, db1, db2 = (np.empty_like(a) for a in (W1, W2, b1, b2))
    onehot = np.zeros((m, k))
    onehot[np.arange(m), y] = 1.0
    ones_m, ones_k = np.ones((1, m)), np.ones((k, 1))
    for _ in range(iterations):
        np.matmul(X, W1, out=Z)
        Z += b1
        if float_mask:
            np.greater(Z, 0.0, out=mask)
            Z *= mask
        else:
            np.maximum(Z, 0.0, out=Z)
        np.matmul(Z, W2, out=S)
        S += b2
        np.maximum(S[:, 0:1], S[:, 1:2], out=shift)
        for j in range(2, k):
            np.maximum(shift, S[:, j : j + 1], out=shift)
        S -= shift
        correct = np.vdot(S, onehot)
        np.exp(S, out=S)
        np.matmul(S, ones_k, out=sums)
        S /= sums
        loss = (np.log(sums).sum() - correct) / m + 0.5 * reg * (np.vdot(W1, W1) + np.vdot(W2, W2))
        S -= onehot
        S /= m
        np.matmul(Z.T, S, out=dW2)
        dW2 += reg * W2
        np.matmul(ones_m, S, out=db2)
        np.matmul(S, W2.T, out=dH)
        if float_mask:
            dH *= mask
        else:
            dH *= Z > 0
        np.matmul(X.T, dH, out=dW1)
        dW1 += reg * W1
        np.matmul(ones_m, dH, out=db1)
        for parameter, gradient in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2)):
            gradient *= step
            parameter -= gradient
    return loss


def step5(*arguments):
    """Step 4 with one 0/1 float mask for the ReLU (a multiply) and its backward pass."""
    return step4(*arguments, float_mask=True)


STEPS = [
    ("as first written", step0),
    ("+ the ReLU mask as a multiply", step1),
    ("+ every array allocated once, written in place", step2),
    ("+ labels as a one-hot matrix", step3),
    ("+ sums as BLAS products with ones", step4),
    ("+ one float 0/1 mask, forward and backward", step5),
    ("+ the bias trick on layer 1 (the peer)", numpy_peer.train),
]


def run_step(path, index):
    """Trains with step `index` and prints its processor seconds and final loss."""
    with open(path) as f:
        job = json.load(f)
    arrays = [np.array(job[key], dtype=np.float64) for key in ("inputs", "W1", "b1", "W2", "b2")]
    X, W1, b1, W2, b2 = arrays
    y = np.array(job["labels"], dtype=np.int64)
    start = time.process_time()
    loss = STEPS[index][1](
        X, y, W1, b1, W2, b2, job["learningRate"], job["regularization"], job["iterations"])
    print(json.dumps({"seconds": time.process_time() - start, "loss": float(loss)}))


def main(path, rounds):
    with open(path) as f:
        iterations = json.load(f)["iterations"]
    seconds = [[] for _ in STEPS]
    losses = [0.0 for _ in STEPS]
    for _ in range(rounds):
        for index in range(len(STEPS)):
            result = subprocess.run(
                [sys.executable, __file__, path, "--step", str(index)],
                capture_output=True, text=True, check=True, env=os.environ)
            outcome = json.loads(result.stdout)
            seconds[index].append(outcome["seconds"])
            losses[index] = outcome["loss"]
    print(f"{path}: {iterations} iterations, median of {rounds} rounds")
    previous = None
    for index, (name, _) in enumerate(STEPS):
        rate = iterations / statistics.median(seconds[index])
        change = "" if previous is None else f"{rate / previous:6.2f}×"
        print(f"  {index}  {name:<48} {rate:8.0f} it/s {change:>8}   loss {losses[index]:.8f}")
        previous = rate


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[2] == "--step":
        run_step(sys.argv[1], int(sys.argv[3]))
    else:
        main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
