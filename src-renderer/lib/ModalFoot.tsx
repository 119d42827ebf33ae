import type { ReactNode } from 'react';

/** The button that leaves a dialog; a dialog closed only by its head's ✕ has none. */
type Leave =
  | {
      /** The leaving button's word (Cancel, Close). */
      leave: string;
      onLeave: () => void;
    }
  | { leave?: undefined; onLeave?: undefined };

/** A dialog's foot: an optional note and leave button, then the primary button that runs what it is for. */
export function ModalFoot(
  props: Leave & {
    /** Muted words before the buttons: what the primary button will run on. */
    note?: ReactNode;
    action: string;
    /** The primary button's test id. */
    testId: string;
    disabled: boolean;
    onAction: () => Promise<void>;
  },
) {
  return (
    <div className="modal-foot">
      {props.note !== undefined && <span className="muted">{props.note}</span>}
      {props.leave !== undefined && (
        <button type="button" onClick={props.onLeave}>
          {props.leave}
        </button>
      )}
      <button
        type="button"
        className="primary"
        disabled={props.disabled}
        onClick={() => void props.onAction()}
        data-testid={props.testId}
      >
        {props.action}
      </button>
    </div>
  );
}
