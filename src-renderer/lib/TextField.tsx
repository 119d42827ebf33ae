import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: string;
  /** The label's class: the form's field layout (`field`, `db-field`). */
  labelClass: string;
  value: string;
  onText(text: string): void;
  /** Also called on each edit: a form clears its message here, so a message shown is about what is typed. */
  onEdit?(): void;
};

/** A text input under its label, as the dialogs' forms lay them out. */
export function TextField({ label, labelClass, value, onText, onEdit, ...input }: Props) {
  return (
    <label className={labelClass}>
      <span>{label}</span>
      <input
        {...input}
        value={value}
        onChange={(e) => {
          onText(e.target.value);
          onEdit?.();
        }}
      />
    </label>
  );
}
