#!/usr/bin/env python3
"""Cut the course's Fashion-MNIST subset from Debian's dataset-fashion-mnist package.

Usage (from the repository root, after `apt-get install dataset-fashion-mnist`):

    python3 data/tools/make_fashion_mnist_subset.py /usr/share/datasets/fashion-mnist data/fashion-mnist

Keeps the first TRAIN_COUNT training and the first TEST_COUNT test items, in their original order,
as IDX files gzip-compressed with a zero timestamp so that the output (and its SHA-256) is reproducible.
Standard library only.
"""
import gzip
import struct
import sys
from pathlib import Path

TRAIN_COUNT = 20_000
TEST_COUNT = 4_000


def cut(src: Path, dst: Path, count: int) -> None:
    raw = gzip.decompress(src.read_bytes())
    magic, = struct.unpack(">I", raw[:4])
    dims = magic & 0xFF
    shape = list(struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims]))
    if shape[0] < count:
        raise SystemExit(f"{src}: has {shape[0]} items, fewer than the {count} requested")
    item = 1
    for d in shape[1:]:
        item *= d
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * dims, count, *shape[1:])
    body = raw[4 + 4 * dims: 4 + 4 * dims + count * item]
    with open(dst, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(header + body)
    print(f"{dst}: {count} of {shape[0]} items, shape {[count] + shape[1:]}")


def main() -> None:
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    dst.mkdir(parents=True, exist_ok=True)
    for prefix, count in (("train", TRAIN_COUNT), ("t10k", TEST_COUNT)):
        for kind in ("images-idx3", "labels-idx1"):
            name = f"{prefix}-{kind}-ubyte.gz"
            cut(src / name, dst / name, count)


if __name__ == "__main__":
    main()
