import type { ReactNode } from 'react';

/** A yes/no dialog over the app; `danger` makes the confirming button say so. */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirm: string;
  busy?: boolean;
  testId: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label={props.title} data-testid={props.testId}>
        <div className="modal-head">
          <h3>{props.title}</h3>
        </div>
        <div className="pad">{props.children}</div>
        <div className="modal-foot">
          <button type="button" onClick={props.onCancel} disabled={props.busy}>
            Cancel
          </button>
          <button type="button" className="primary danger" onClick={props.onConfirm} disabled={props.busy}>
            {props.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
