export type RenameField = 'venue' | 'symbol';

/** A refused rename in words, at the field main's reason code concerns (none: under the form). */
export function renameErrorText(message: string, details: unknown): { field?: RenameField; text: string } {
  const d = details as { reason?: unknown; field?: unknown } | undefined;
  if (d?.reason === 'target_exists')
    return { field: 'symbol', text: 'A series with this venue and symbol exists already.' };
  if (d?.reason === 'invalid_name' && (d.field === 'venue' || d.field === 'symbol'))
    return { field: d.field, text: message };
  return { text: `The series could not be renamed: ${message}` };
}
