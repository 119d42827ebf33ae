import type { ReactNode } from 'react';

/** The dialogs' shell: a backdrop, a titled panel with its close button, and what it holds. */
export function Modal(props: {
  /** The dialog's accessible name. */
  label: string;
  title: string;
  testId: string;
  /** Extra classes of the panel (its width, its layout). */
  className?: string;
  closeLabel: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className="modal-backdrop">
      <div
        className={props.className ? `modal ${props.className}` : 'modal'}
        role="dialog"
        aria-label={props.label}
        data-testid={props.testId}
      >
        <div className="modal-head">
          <h3>{props.title}</h3>
          <button type="button" className="ghost" onClick={props.onClose} aria-label={props.closeLabel}>
            ✕
          </button>
        </div>
        {props.children}
      </div>
    </div>
  );
}
