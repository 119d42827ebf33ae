import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: string;
  /** The label's class: the form's field layout (`field`, `db-field`). */
  labelClass: string;
  value: string;
  /** The new text; a form clears its message here, so the message shown is about what is typed. */
  onText(text: string): void;
};

/** A text input under its label, as the dialogs' forms lay them out. */
export function TextField({ label, labelClass, value, onText, ...input }: Props) {
  return (
    <label className={labelClass}>
      <span>{label}</span>
      <input {...input} value={value} onChange={(e) => onText(e.target.value)} />
    </label>
  );
}
