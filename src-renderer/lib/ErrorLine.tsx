/** A form's or panel's failure, in its own line; nothing while there is none. */
export function ErrorLine({ text, testId }: { text: string | null; testId?: string }) {
  if (!text) return null;
  return (
    <div className="error-line" data-testid={testId}>
      {text}
    </div>
  );
}
