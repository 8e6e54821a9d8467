#!/usr/bin/python3
"""dump_streams.py - the streams vanban deflates, one file each.

    bench/experiments/dump_streams.py UNCOMPRESSED.pdf OUTDIR

Reads a PDF written with `vanban render --uncompressed` and writes every
non-empty stream except the XMP metadata (which is stored uncompressed
anyway) to OUTDIR/sNN.bin: the font subsets, ToUnicode maps, page contents
and the ICC profile. Input for deflate_cmp.c.
"""
import os
import re
import sys


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    data = open(sys.argv[1], "rb").read()
    os.makedirs(sys.argv[2], exist_ok=True)
    n = 0
    for m in re.finditer(rb"\bstream\r?\n", data):
        if data[m.start() - 3:m.start()] == b"end":
            continue
        # The stream's dictionary: from its "N 0 obj" to "stream".
        obj = data.rfind(b" obj", 0, m.start())
        head = data[obj:m.start()]
        end = data.index(b"endstream", m.end())
        body = data[m.end():end].rstrip(b"\r\n")
        if not body or b"/Type /Metadata" in head:
            continue
        with open(os.path.join(sys.argv[2], "s%02d.bin" % n), "wb") as f:
            f.write(body)
        n += 1
    print("%d streams, %d bytes" % (n, sum(
        os.path.getsize(os.path.join(sys.argv[2], "s%02d.bin" % i)) for i in range(n))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
