// The contract every BlockDevice honours, as plain cases with no test-framework import, so the same cases
// run in Vitest (memory, file, write cache) and inside a browser worker through Playwright (OPFS).

import type { BlockDevice } from './blockDevice.ts';

export interface DeviceFixture {
  /** A fresh, never-written device of `size` bytes. */
  create(size: number): Promise<BlockDevice>;
  /** Closes `device` and opens the same medium again (persistence check). */
  reopen(device: BlockDevice): Promise<BlockDevice>;
}

export interface ContractCase {
  readonly name: string;
  run(fixture: DeviceFixture): Promise<void>;
}

const SIZE = 1024 * 1024 + 512; // deliberately not a multiple of 4 KiB

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed * 7 + 1) & 0xff;
  return bytes;
}

function readBack(
  device: BlockDevice,
  offset: number,
  length: number,
): Uint8Array {
  const buf = new Uint8Array(length);
  device.read(offset, buf);
  return buf;
}

function checkBytes(
  actual: Uint8Array,
  expected: Uint8Array,
  what: string,
): void {
  check(
    actual.length === expected.length,
    `${what}: read ${String(actual.length)} bytes, expected ${String(expected.length)}`,
  );
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      throw new Error(
        `${what}: byte ${String(i)} is ${String(actual[i])}, expected ${String(expected[i])}`,
      );
    }
  }
}

function checkThrows(fn: () => void, errno: string, what: string): void {
  try {
    fn();
  } catch (error) {
    const actual = (error as { errno?: string }).errno;
    check(
      actual === errno,
      `${what}: threw errno ${String(actual)}, expected ${errno}`,
    );
    check(
      error instanceof Error && error.message.length > 10,
      `${what}: the error message is not clear`,
    );
    return;
  }
  throw new Error(`${what}: did not throw`);
}

async function withDevice(
  fixture: DeviceFixture,
  body: (device: BlockDevice) => Promise<void> | void,
): Promise<void> {
  const device = await fixture.create(SIZE);
  try {
    await body(device);
  } finally {
    device.close();
  }
}

export const blockDeviceContract: readonly ContractCase[] = [
  {
    name: 'reports the size it was created with',
    run: (f) =>
      withDevice(f, (d) => {
        check(
          d.size() === SIZE,
          `size() is ${String(d.size())}, expected ${String(SIZE)}`,
        );
      }),
  },
  {
    name: 'reads never-written ranges as zeros',
    run: (f) =>
      withDevice(f, (d) => {
        checkBytes(readBack(d, 0, 8192), new Uint8Array(8192), 'start');
        checkBytes(readBack(d, SIZE - 700, 700), new Uint8Array(700), 'end');
      }),
  },
  {
    name: 'reads back what was written',
    run: (f) =>
      withDevice(f, (d) => {
        const data = pattern(12288, 1);
        d.write(4096, data);
        checkBytes(readBack(d, 4096, data.length), data, 'aligned write');
        checkBytes(
          readBack(d, 0, 4096),
          new Uint8Array(4096),
          'bytes before the write',
        );
      }),
  },
  {
    name: 'keeps the last of overlapping writes',
    run: (f) =>
      withDevice(f, (d) => {
        d.write(1000, pattern(5000, 2));
        d.write(3000, pattern(100, 3));
        const expected = pattern(5000, 2);
        expected.set(pattern(100, 3), 2000);
        checkBytes(readBack(d, 1000, 5000), expected, 'overlap');
      }),
  },
  {
    name: 'handles unaligned offsets and lengths',
    run: (f) =>
      withDevice(f, (d) => {
        d.write(4095, pattern(3, 4));
        d.write(8191, pattern(10000, 5));
        checkBytes(
          readBack(d, 4095, 3),
          pattern(3, 4),
          'straddling a 4 KiB boundary',
        );
        checkBytes(
          readBack(d, 8191, 10000),
          pattern(10000, 5),
          'spanning several blocks',
        );
        checkBytes(readBack(d, 4094, 1), new Uint8Array(1), 'byte before');
        checkBytes(readBack(d, 4098, 1), new Uint8Array(1), 'byte after');
      }),
  },
  {
    name: 'writes and reads the last bytes of the device',
    run: (f) =>
      withDevice(f, (d) => {
        const tail = pattern(777, 6);
        d.write(SIZE - tail.length, tail);
        checkBytes(readBack(d, SIZE - tail.length, tail.length), tail, 'tail');
        d.write(SIZE, new Uint8Array(0));
        checkBytes(
          readBack(d, SIZE, 0),
          new Uint8Array(0),
          'empty read at the end',
        );
      }),
  },
  {
    name: 'rejects out-of-range and negative offsets with a clear error and writes nothing',
    run: (f) =>
      withDevice(f, (d) => {
        checkThrows(
          () => {
            d.write(SIZE - 2, pattern(4, 7));
          },
          'EINVAL',
          'write past the end',
        );
        checkBytes(
          readBack(d, SIZE - 2, 2),
          new Uint8Array(2),
          'bytes before the end after a rejected write',
        );
        checkThrows(
          () => {
            d.write(-1, pattern(4, 7));
          },
          'EINVAL',
          'negative write offset',
        );
        checkThrows(
          () => {
            d.write(1.5, pattern(4, 7));
          },
          'EINVAL',
          'fractional write offset',
        );
        checkBytes(
          readBack(d, 0, 8),
          new Uint8Array(8),
          'start after rejected writes',
        );
        checkThrows(
          () => {
            d.read(SIZE - 1, new Uint8Array(2));
          },
          'EINVAL',
          'read past the end',
        );
        checkThrows(
          () => {
            d.read(-4096, new Uint8Array(2));
          },
          'EINVAL',
          'negative read offset',
        );
      }),
  },
  {
    name: 'flush keeps the data readable',
    run: (f) =>
      withDevice(f, (d) => {
        const data = pattern(65536, 8);
        d.write(131072, data);
        d.flush();
        checkBytes(readBack(d, 131072, data.length), data, 'after flush');
      }),
  },
  {
    name: 'keeps flushed data across close and reopen',
    run: async (f) => {
      const first = await f.create(SIZE);
      const data = pattern(300000, 9);
      first.write(5000, data);
      first.write(SIZE - 10, pattern(10, 10));
      first.flush();
      const again = await f.reopen(first);
      try {
        check(again.size() === SIZE, 'size after reopen');
        checkBytes(
          readBack(again, 5000, data.length),
          data,
          'body after reopen',
        );
        checkBytes(
          readBack(again, SIZE - 10, 10),
          pattern(10, 10),
          'tail after reopen',
        );
        checkBytes(
          readBack(again, 0, 5000),
          new Uint8Array(5000),
          'untouched start after reopen',
        );
      } finally {
        again.close();
      }
    },
  },
];
