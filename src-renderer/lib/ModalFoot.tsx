/** A dialog's foot: the button that leaves it and the primary button that runs what it is for. */
export function ModalFoot(props: {
  /** The leaving button's word (Cancel, Close). */
  leave: string;
  onLeave: () => void;
  action: string;
  /** The primary button's test id. */
  testId: string;
  disabled: boolean;
  onAction: () => Promise<void>;
}) {
  return (
    <div className="modal-foot">
      <button type="button" onClick={props.onLeave}>
        {props.leave}
      </button>
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
