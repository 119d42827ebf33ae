import type { DroppedFile } from '../../stores/import';

const WANTED = /\.(csv|txt|tsv|gz)$/i;

async function walk(entry: FileSystemEntry, out: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const fileEntry = entry as FileSystemFileEntry;
    const file = await new Promise<File>((ok, fail) => fileEntry.file(ok, fail));
    if (WANTED.test(file.name)) out.push({ file, relativePath: entry.fullPath.replace(/^\//, '') });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most 100 entries per call; call until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

/** Files from a drop, folders walked recursively; only text-like market data files are kept. */
export async function collectDropped(dt: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...dt.items]
    .map((i) => i.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return [...dt.files].map((file) => ({ file, relativePath: file.name }));
  const out: DroppedFile[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}

export function fromFileList(list: FileList | null): DroppedFile[] {
  return [...(list ?? [])].map((file) => ({
    file,
    relativePath: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name,
  }));
}
