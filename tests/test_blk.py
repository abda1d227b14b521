"""tests/test_blk.py - PCI enumeration and the virtio-blk driver, booted.

Each disk is a raw image made here with known contents: every 8-byte word
of sector s holds s (little-endian), so any byte's expected value follows
from its offset.  The scenarios:

  - the PCI listing at every boot (with and without a disk), Linux's lines;
  - ktest suite virtio_blk: with a disk it runs and leaves the image
    byte-for-byte unchanged (it restores what it writes); without one every
    case is skipped with the reason;
  - user/vdacheck reads the pattern back through /dev/vda (aligned,
    unaligned, large reads, the end of the disk);
  - user/vdacheck writes (aligned, unaligned across sectors, 4 processes at
    once) and the bytes are checked IN THE IMAGE FILE after QEMU exits;
  - QEMU's blkdebug injects EIO for reads of sector 100 and writes of
    sector 200 (docs/devel/blkdebug.txt: [inject-error] event = "read_aio" /
    "write_aio", errno = "5", sector = "N"): the program sees EIO, the
    kernel logs Linux's "I/O error, dev vda, sector N op 0x0:(READ)" line and
    keeps running, other I/O still works;
  - a modern-only device (virtio-blk-pci,disable-legacy=on: 1af4:1042)
    works as the transitional one (1af4:1001) that if=virtio gives;
  - vdacheck bench prints BENCH lines for /dev/vda throughput (not asserted).

Boots with a drive other than boot.py's `-drive file=IMG,if=virtio,format=raw`
go through boot._prepare() (the ISO, as boot.boot() makes it) with the
-drive arguments replaced, then boot.run_qemu().
"""
import struct

import pytest

import boot as pagoda
from test_boot import check

SECTORS = 8192				# a 4 MiB disk


def make_image(path, sectors=SECTORS):
    """A raw image where each 8-byte word of sector s is s."""
    with open(path, "wb") as f:
        for s in range(sectors):
            f.write(struct.pack("<Q", s) * 64)
    return path


def pattern(offset, length):
    """The image's original bytes at [offset, offset + length)."""
    first, last = offset // 512, (offset + length - 1) // 512
    data = b"".join(struct.pack("<Q", s) * 64 for s in range(first, last + 1))
    start = offset - first * 512
    return data[start:start + length]


def fill(length, seed):
    """user/vdacheck.c's fill(): byte i is (i * 13 + seed) mod 256."""
    return bytes((i * 13 + seed) & 0xff for i in range(length))


@pytest.fixture
def boot_drive(request, pagoda_kernel, tmp_path):
    """boot_drive(cmdline, drive_args, ram) -> Result: boots with QEMU drive
    arguments of our own (IMG is replaced by a fresh pattern image's path,
    also returned as .image)."""
    count = [0]

    def _boot(cmdline, drive_args, ram="64M", timeout=90):
        count[0] += 1
        img = make_image(tmp_path / f"disk{count[0]}.img")
        cmd = pagoda._prepare(ram, cmdline, 1, str(img), None, False, None, None)
        i = cmd.index(f"file={img},if=virtio,format=raw")
        del cmd[i - 1:i + 1]
        cmd += [a.replace("IMG", str(img)) for a in drive_args]
        name = request.node.name.replace("/", "_")
        log = pagoda.build_dir() / "test-logs" / f"{name}-{count[0]}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        r = pagoda.run_qemu(cmd, timeout * pagoda.timeout_scale(), log, None)
        r.image = img
        return r

    return _boot


def test_pci_listing_without_disk(boot):
    r = boot(ram="64M", cmdline="ktest=virtio_blk")
    check(r, "pass", expect_lines=[
        "PCI: Probing PCI hardware (bus 00)",
        "pci 0000:00:00.0: [8086:1237] type 00 class 0x060000",
        "pci 0000:00:01.0: [8086:7000] type 00 class 0x060100",
    ])
    assert "virtio-pci" not in r.log and "[vda]" not in r.log, "no disk, no driver"
    assert "SKIP no virtio disk" in r.log, "the skip reason is printed"


def test_ktest_virtio_blk_with_disk_leaves_image_unchanged(boot, tmp_path):
    img = make_image(tmp_path / "disk.img")
    before = img.read_bytes()
    r = boot(ram="64M", cmdline="ktest=virtio_blk", disk=str(img))
    check(r, "pass", expect_lines=[
        "pci 0000:00:04.0: [1af4:1001] type 00 class 0x010000",
        "pci 0000:00:04.0: reg 0x20: [mem",
        "virtio-pci 0000:00:04.0: virtio0: virtio 1.0 device id 2",
        "virtio_blk virtio0: [vda] 8192 512-byte logical blocks (4.19 MB/4.00 MiB)",
        "ok 3 blkdev_write_then_read_back",
    ])
    assert r.ktap.ok and "SKIP" not in r.log, "no case may be skipped with a disk"
    assert img.read_bytes() == before, "the suite must restore what it wrote"


def test_vda_reads_known_contents(boot, tmp_path):
    img = make_image(tmp_path / "disk.img")
    r = boot(ram="64M", cmdline=f"run=vdacheck:pattern:{SECTORS}", disk=str(img))
    check(r, "pass", ktap=False, expect_lines=[
        "vdacheck: ok the whole disk in 200 KiB reads",
        "init: all 1 programs passed",
    ])


def test_vda_writes_land_on_the_image(boot, tmp_path):
    img = make_image(tmp_path / "disk.img")
    r = boot(ram="64M", cmdline="run=vdacheck:write,vdacheck:concurrent", disk=str(img))
    check(r, "pass", ktap=False, expect_lines=[
        "vdacheck: ok read back the unaligned write",
        "vdacheck: ok 4 processes writing and reading at once",
        "init: all 2 programs passed",
    ])
    data = img.read_bytes()
    assert data[1000 * 512:1016 * 512] == fill(8192, 7)
    off = 1100 * 512 + 300
    assert data[off:off + 1000] == fill(1000, 99)
    # The bytes around the unaligned write kept their old values (read-modify-write).
    assert data[1100 * 512:off] == pattern(1100 * 512, 300)
    assert data[off + 1000:1103 * 512] == pattern(off + 1000, 1103 * 512 - off - 1000)
    # Untouched sectors are untouched.
    assert data[:1000 * 512] == pattern(0, 1000 * 512)
    assert data[1016 * 512:1100 * 512] == pattern(1016 * 512, 84 * 512)
    # Each concurrent writer's last round is there.
    for k in range(4):
        off = (2048 + k * 256 + 7 * 16) * 512
        assert data[off:off + 8192] == fill(8192, (k * 31 + 7) & 0xff), f"writer {k}"


def test_blkdebug_errors_become_eio(boot_drive, tmp_path):
    conf = tmp_path / "blkdebug.conf"
    conf.write_text('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "100"\n\n'
                    '[inject-error]\nevent = "write_aio"\nerrno = "5"\nsector = "200"\n')
    r = boot_drive("run=vdacheck:eio:100:200",
                   ["-drive", f"file=blkdebug:{conf}:IMG,if=virtio,format=raw"])
    check(r, "pass", ktap=False, expect_lines=[
        "I/O error, dev vda, sector 100 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0",
        "vdacheck: ok a read of the bad sector: EIO",
        "I/O error, dev vda, sector 200 op 0x1:(WRITE) flags 0x0 phys_seg 1 prio class 0",
        "vdacheck: ok a write of the bad sector: EIO",
        "vdacheck: ok a read elsewhere still works",
        "vdacheck: ok a write elsewhere still works",
        "init: all 1 programs passed",
    ])
    data = r.image.read_bytes()
    assert data[200 * 512:201 * 512] == pattern(200 * 512, 512), "the failed write wrote nothing"


def test_modern_only_device(boot_drive):
    r = boot_drive("ktest=virtio_blk",
                   ["-drive", "file=IMG,if=none,id=d0,format=raw",
                    "-device", "virtio-blk-pci,drive=d0,disable-legacy=on"])
    check(r, "pass", expect_lines=[
        "class 0x010000",
        "virtio_blk virtio0: [vda] 8192 512-byte logical blocks",
    ])
    assert "[1af4:1042] type 00 class 0x010000" in r.log


def test_vda_bench(boot, tmp_path):
    img = make_image(tmp_path / "disk.img", sectors=32768)	# 16 MiB
    r = boot(ram="64M", cmdline="run=vdacheck:bench:16", disk=str(img))
    check(r, "pass", ktap=False, expect_lines=["BENCH name=vda_seq_write", "BENCH name=vda_seq_read"])
    for line in r.log.splitlines():
        if "BENCH name=vda_" in line:
            print(line)
