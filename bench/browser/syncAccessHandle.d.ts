// The worker-only OPFS synchronous access handle, which TypeScript's DOM lib leaves out (it is in the
// WebWorker lib). The bench type-checks its page and its worker under one DOM tsconfig, so it declares the
// part of the API they and engine/disk/opfsDisk.ts use.

interface FileSystemReadWriteOptions {
  at?: number;
}

interface FileSystemSyncAccessHandle {
  close(): void;
  flush(): void;
  getSize(): number;
  read(
    buffer: AllowSharedBufferSource,
    options?: FileSystemReadWriteOptions,
  ): number;
  truncate(newSize: number): void;
  write(
    buffer: AllowSharedBufferSource,
    options?: FileSystemReadWriteOptions,
  ): number;
}

interface FileSystemFileHandle {
  createSyncAccessHandle(): Promise<FileSystemSyncAccessHandle>;
}
