import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Import cycles between sibling folders of the source trees, read from the real files: every relative
 * import (`import type` and `export ... from` included) is an edge from the importing file's folder to
 * the imported file's folder. Edges between a folder and its own subfolders are left out (an index.ts
 * re-exporting its subfolders is how a folder shows its surface).
 */

export interface FolderCycle {
  folders: string[];
  /** One line per import that closes the cycle: `from.ts -> to.ts`. */
  imports: string[];
}

const ROOTS = ['src-main', 'src-shared', 'src-renderer'];
const SOURCE = /\.tsx?$/;
const SPECIFIER = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const SUFFIXES = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

function sourceFiles(repo: string): string[] {
  return ROOTS.flatMap((root) =>
    readdirSync(path.join(repo, root), { recursive: true, encoding: 'utf8' })
      .filter((f) => SOURCE.test(f))
      .map((f) => path.posix.join(root, f.split(path.sep).join('/'))),
  );
}

/** Folder -> folder it imports -> the import lines behind that edge. */
export function folderEdges(repo: string): Map<string, Map<string, string[]>> {
  const files = sourceFiles(repo);
  const known = new Set(files);
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const text = readFileSync(path.join(repo, file), 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!));
      const target = SUFFIXES.map((s) => base + s).find((t) => known.has(t));
      if (target === undefined) continue;
      const from = path.posix.dirname(file);
      const to = path.posix.dirname(target);
      if (from === to || from.startsWith(`${to}/`) || to.startsWith(`${from}/`)) continue;
      const out = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, out);
      out.set(to, [...(out.get(to) ?? []), `${file} -> ${target}`]);
    }
  }
  return edges;
}

/** The strongly connected groups of two or more folders (Tarjan), each with the imports inside it. */
export function siblingFolderCycles(repo: string): FolderCycle[] {
  const edges = folderEdges(repo);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: FolderCycle[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length < 2) return;
    const imports = group.flatMap((a) =>
      [...(edges.get(a) ?? [])].filter(([b]) => group.includes(b)).flatMap(([, lines]) => lines),
    );
    cycles.push({ folders: group.sort(), imports });
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
