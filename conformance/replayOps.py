# The recorder's op runner for long replays: one process runs a stretch of engine ops on one btrfs file,
# reading them as JSON lines on stdin and printing one JSON result line per op. Its one rule: each op does
# what the xfs_io command in kernelOps.ts does (same syscalls, same loops, a fresh open per op), except
# that waits are exact (see writeback and complete-io below).
#
# usage: python3 replayOps.py FILE MOUNT_DIR TRACE_FILE FSID < ops.jsonl
#   an input line:  {"i": <op index>, "op": <engine op>, "byte": <the write's byte>}
#   an output line: {"i": <op index>, "ok": true} or {"i": ..., "ok": false, "errno": "EINVAL", "message": ...}
# power-cut and remount are not ops here: the recorder ends a stretch before them and runs them itself.

import ctypes
import errno
import fcntl
import json
import os
import re
import struct
import sys
import time

LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.fallocate64.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64]
LIBC.sync_file_range.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
LIBC.syncfs.argtypes = [ctypes.c_int]

# include/uapi/linux/falloc.h, fs.h
KEEP_SIZE, PUNCH_HOLE, COLLAPSE_RANGE, ZERO_RANGE, INSERT_RANGE = 0x01, 0x02, 0x08, 0x10, 0x20
SYNC_FILE_RANGE_WAIT_BEFORE, SYNC_FILE_RANGE_WRITE, SYNC_FILE_RANGE_WAIT_AFTER = 1, 2, 4
SYNC_FILE_RANGE_WRITE_AND_WAIT = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER
FICLONE, FICLONERANGE, FIDEDUPERANGE = 0x40049409, 0x4020940D, 0xC0189436
FILE_DEDUPE_RANGE_DIFFERS = 1
BTRFS_IOC_START_SYNC, BTRFS_IOC_WAIT_SYNC = 0x80089418, 0x40089416
WHOLE_FILE = 2**40
MiB = 1 << 20

# errno names as the engine spells them (Python calls 95 ENOTSUP).
NAMES = {errno.EOPNOTSUPP: "EOPNOTSUPP"}

path, mount_dir, trace_file, fsid = sys.argv[1:5]


class OpError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def check(ret):
    """A libc call's result, or OpError with its errno."""
    if ret < 0:
        code = ctypes.get_errno()
        raise OpError(code, os.strerror(code))
    return ret


TRACE_LINE = re.compile(r"^\s*.+?\s+\[\d+\]\s+\S+\s+[\d.]+:\s+btrfs_ordered_extent_(add|mark_finished|remove):\s?(.*)$")


def ordered_counts():
    """This filesystem's ordered extents in the trace since it was last emptied: added, their I/O done
    (bytes_left reached 0), removed."""
    counts = {"add": 0, "mark_finished": 0, "remove": 0}
    with open(trace_file) as f:
        for text in f:
            m = TRACE_LINE.match(text)
            if m is not None and m.group(2).startswith(fsid):
                counts[m.group(1)] += 1
    return counts


def wait_ordered_extents(all_added):
    """Waits until every ordered extent whose I/O is done has been finished and removed; with
    `all_added`, until every one added has (kernelOps.ts waitOrderedExtents). An ordered extent can stay
    open with I/O done on some pages only: WB_SYNC_NONE writeback skips a dirty page still under
    writeback inside it, and the extent waits for a later writeback of that page. The trace is emptied
    whenever no ordered extent is open, so reading it stays fast."""
    for _ in range(500):
        c = ordered_counts()
        waited = c["add"] if all_added else c["mark_finished"]
        if c["add"] <= c["remove"]:
            with open(trace_file, "w"):
                pass
            return
        if waited <= c["remove"]:
            return
        time.sleep(0.02)
    raise RuntimeError(f"ordered extents did not complete within 10 s: {c}")


def pwrite(fd, op, byte):
    # xfs_io pwrite -S byte -b 1M: 1 MiB at a time, stopping at a short write.
    buf = bytes([byte]) * MiB
    offset, count = op["offset"], op["length"]
    while True:
        want = min(count, MiB)
        n = os.pwrite(fd, buf[:want], offset)
        if n == 0 or n < want:
            return
        offset += n
        count -= n
        if count == 0:
            return


def pread(fd, op):
    # xfs_io pread: 4 KiB at a time (its default buffer), stopping at EOF.
    offset, end = op["offset"], op["offset"] + op["length"]
    while offset < end:
        data = os.pread(fd, min(4096, end - offset), offset)
        if len(data) == 0:
            return
        offset += len(data)


def fallocate(fd, op):
    mode = {
        "allocate": 0,
        "punch-hole": PUNCH_HOLE | KEEP_SIZE,
        "zero-range": ZERO_RANGE,
        "collapse-range": COLLAPSE_RANGE,
        "insert-range": INSERT_RANGE,
    }[op["mode"]]
    # xfs_io's falloc and fzero take -k; fpunch always keeps the size, fcollapse and finsert never.
    if op["mode"] in ("allocate", "zero-range") and op.get("keepSize"):
        mode |= KEEP_SIZE
    check(LIBC.fallocate64(fd, mode, op["offset"], op["length"]))


def clone(fd, op):
    # xfs_io reflink: the whole file when offsets and length are all 0, else FICLONERANGE.
    src = os.open(path, os.O_RDONLY)
    try:
        if op["srcOffset"] == 0 and op["offset"] == 0 and op["length"] == 0:
            fcntl.ioctl(fd, FICLONE, src)
        else:
            fcntl.ioctl(fd, FICLONERANGE, struct.pack("qQQQ", src, op["srcOffset"], op["length"], op["offset"]))
    finally:
        os.close(src)


def dedupe(fd, op):
    # xfs_io dedupe: FIDEDUPERANGE on the source with this file as the one destination, again from where
    # it stopped until the length is done; "differs" is no error.
    src = os.open(path, os.O_RDONLY)
    try:
        soff, doff, length, ops = op["srcOffset"], op["offset"], op["length"], 0
        while length > 0 or ops == 0:
            arg = bytearray(struct.pack("QQHHI", soff, length, 1, 0, 0) + struct.pack("qQQiI", fd, doff, 0, 0, 0))
            fcntl.ioctl(src, FIDEDUPERANGE, arg)
            _, _, deduped, status, _ = struct.unpack_from("qQQiI", arg, 24)
            if status < 0:
                raise OpError(-status, os.strerror(-status))
            if status == FILE_DEDUPE_RANGE_DIFFERS:
                return
            if length != 0 and (deduped == 0 or deduped > length):
                return
            ops += 1
            soff += deduped
            doff += deduped
            length -= min(length, deduped)
    finally:
        os.close(src)


def copy_range(fd, op):
    # xfs_io copy_range -s -d -l: copy_file_range until done or 0; all three 0 means "truncate, copy the
    # whole source".
    src = os.open(path, os.O_RDONLY)
    try:
        soff, doff, length = op["srcOffset"], op["offset"], op["length"]
        if soff == 0 and doff == 0 and length == 0:
            length = os.fstat(src).st_size
            os.ftruncate(fd, 0)
        while True:
            n = os.copy_file_range(src, fd, length, soff, doff)
            if n == 0:
                return
            soff += n
            doff += n
            length -= n
            if length <= 0:
                return
    finally:
        os.close(src)


def commit():
    # BTRFS_IOC_START_SYNC, then BTRFS_IOC_WAIT_SYNC on its transid: a commit without writeback.
    d = os.open(mount_dir, os.O_RDONLY)
    try:
        transid = bytearray(8)
        fcntl.ioctl(d, BTRFS_IOC_START_SYNC, transid)
        fcntl.ioctl(d, BTRFS_IOC_WAIT_SYNC, bytes(transid))
    finally:
        os.close(d)


def run(op, byte):
    kind = op["op"]
    if kind == "commit":
        return commit()
    if kind == "complete-io":
        # The I/O in flight completes: wait for every page under writeback (starting none), then for the
        # ordered extents whose I/O that finished.
        fd = os.open(path, os.O_RDWR)
        try:
            check(LIBC.sync_file_range(fd, 0, WHOLE_FILE, SYNC_FILE_RANGE_WAIT_BEFORE))
        finally:
            os.close(fd)
        return wait_ordered_extents(False)
    if kind == "writeback":
        # Without wait, WB_SYNC_NONE (a page still under writeback is skipped); with wait, WB_SYNC_ALL
        # (such a page is waited for and written again) as the engine's writepages does, then every
        # ordered extent finishes. kernelOps.ts runs two xfs_io commands, WB_SYNC_NONE then a wait: xfs_io's
        # sync_range keeps only its last flag.
        flags = SYNC_FILE_RANGE_WRITE_AND_WAIT if op.get("wait") else SYNC_FILE_RANGE_WRITE
        fd = os.open(path, os.O_RDWR)
        try:
            check(LIBC.sync_file_range(fd, 0, WHOLE_FILE, flags))
        finally:
            os.close(fd)
        if op.get("wait"):
            wait_ordered_extents(True)
        return None
    fd = os.open(path, os.O_RDWR)
    try:
        if kind == "write":
            pwrite(fd, op, byte)
        elif kind == "read":
            pread(fd, op)
        elif kind == "truncate":
            os.ftruncate(fd, op["size"])
        elif kind == "fallocate":
            fallocate(fd, op)
        elif kind == "clone-range":
            clone(fd, op)
        elif kind == "dedupe-range":
            dedupe(fd, op)
        elif kind == "copy-range":
            copy_range(fd, op)
        elif kind == "fsync":
            os.fsync(fd)
        elif kind == "sync":
            check(LIBC.syncfs(fd))
        elif kind == "drop-caches":
            os.posix_fadvise(fd, 0, WHOLE_FILE, os.POSIX_FADV_DONTNEED)
        else:
            raise RuntimeError(f"no kernel form for op {json.dumps(op)}")
    finally:
        os.close(fd)
    return None


for text in sys.stdin:
    if not text.strip():
        continue
    entry = json.loads(text)
    try:
        run(entry["op"], entry.get("byte", 0))
        result = {"i": entry["i"], "ok": True}
    except (OSError, OpError) as e:
        code = e.errno if isinstance(e, OSError) else e.code
        name = NAMES.get(code) or errno.errorcode.get(code, "EUNKNOWN")
        result = {"i": entry["i"], "ok": False, "errno": name, "message": str(e)}
    print(json.dumps(result), flush=True)
