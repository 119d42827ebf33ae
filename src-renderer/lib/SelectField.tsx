import type { ReactNode, SelectHTMLAttributes } from 'react';

type Props<T extends string> = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  label: string;
  /** The label's class: the form's field layout (`field`, `db-field`). */
  labelClass: string;
  /** The label words' class, where the layout styles them (`stat-label` in a row of stats). */
  textClass?: string;
  value: T;
  options: readonly T[];
  /** An option's words; the option itself when absent. */
  optionLabel?(option: T): string;
  onPick(value: T): void;
  /** Options listed before `options` (e.g. an empty choice). */
  children?: ReactNode;
};

/** A choice among fixed options under its label, as the dialogs' forms lay them out (like TextField). */
export function SelectField<T extends string>({
  label,
  labelClass,
  textClass,
  value,
  options,
  optionLabel = (o) => o,
  onPick,
  children,
  ...select
}: Props<T>) {
  return (
    <label className={labelClass}>
      <span className={textClass}>{label}</span>
      <select {...select} value={value} onChange={(e) => onPick(e.target.value as T)}>
        {children}
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
