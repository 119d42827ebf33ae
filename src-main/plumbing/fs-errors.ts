/**
 * A plain sentence for the file-system errors a person can fix (full disk, read-only or missing
 * folder, permissions), naming the path; undefined for anything else.
 */
export function fsErrorMessage(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return undefined;
  const where = e.path ?? 'a file';
  switch (e.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on the disk holding ${where} (${e.code}); free some space and run it again`;
    case 'EROFS':
      return `${where} is on a read-only file system (EROFS); choose a writable folder`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to access ${where} (${e.code}); check the owner and permissions of the folder`;
    case 'ENOTDIR':
      return notAFolderMessage(where);
    case 'ENOENT':
      return `${where} does not exist (ENOENT); check the path, or whether the folder was removed meanwhile`;
    default:
      return undefined;
  }
}

/** A file where a folder of `where` should be, as the ENOTDIR error words it. */
export function notAFolderMessage(where: string): string {
  return `${where}: part of this path is a file, not a folder (ENOTDIR); check the path`;
}

/** Why a file system call failed, short: Node's code where it has one (ENOENT, EACCES), else the message. */
export function fsFailure(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}
