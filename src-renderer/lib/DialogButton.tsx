import { type ReactNode, Suspense, useCallback, useState } from 'react';

/**
 * A toolbar button and the dialog it opens: the dialog shows from the click until it calls `close`,
 * and is gone while closed. A dialog whose code loads on first use shows once loaded.
 */
export function DialogButton(props: {
  text: string;
  testId: string;
  /** The button's classes (a quieter `ghost` button among filters); none by default. */
  className?: string;
  /** Runs at each click, before the dialog shows: a form kept between openings clears its last answers. */
  onOpen?: () => void;
  /** Called only while open, so a hook in it would be conditional: hooks go in the component it renders. */
  dialog: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  // One close for the dialog's life: Modal re-adds its Escape listener whenever onClose changes.
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button
        type="button"
        className={props.className}
        onClick={() => {
          props.onOpen?.();
          setOpen(true);
        }}
        data-testid={props.testId}
      >
        {props.text}
      </button>
      {open && <Suspense fallback={null}>{props.dialog(close)}</Suspense>}
    </>
  );
}
