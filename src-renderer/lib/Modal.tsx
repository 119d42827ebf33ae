import { type ReactNode, useEffect } from 'react';

/** The dialogs' shell: a backdrop, a titled panel with its close button, and what it holds. */
export function Modal(props: {
  /**
   * The dialog's name as a sentence says it ("add series", "SQL"): its accessible name is the name
   * capitalized, its ✕ is "Close <name>", so the two never drift apart.
   */
  name: string;
  /** The head's words, where they say more than the name. */
  title?: string;
  testId: string;
  /** Extra classes of the panel (its width, its layout). */
  className?: string;
  onClose: () => void;
  /** Escape closes it as the ✕ does. */
  closeOnEscape?: boolean;
  children: ReactNode;
}) {
  const label = props.name.charAt(0).toUpperCase() + props.name.slice(1);
  const { closeOnEscape, onClose } = props;
  useEffect(() => {
    if (!closeOnEscape) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [closeOnEscape, onClose]);
  return (
    <div className="modal-backdrop">
      <div
        className={props.className ? `modal ${props.className}` : 'modal'}
        role="dialog"
        aria-label={label}
        data-testid={props.testId}
      >
        <div className="modal-head">
          <h3>{props.title ?? label}</h3>
          <button type="button" className="ghost" onClick={onClose} aria-label={`Close ${props.name}`}>
            ✕
          </button>
        </div>
        {props.children}
      </div>
    </div>
  );
}
