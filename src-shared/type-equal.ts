// Compile-time proof that a zod schema parses to exactly its plain type: the plain rules (loaded by the
// read paths, without zod) and the schema (parsed at process boundaries) cannot drift apart.

/** true when A and B are the same type, false otherwise (mutual assignability is not enough for any). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Fails to compile unless its argument is true: `export type X = Same<Equal<A, B>>`. */
export type Same<T extends true> = T;
