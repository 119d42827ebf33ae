import { useState } from 'react';
import { TextField } from './TextField';

/** The From and To days a DateRangeFields edits, as typed (`YYYY-MM-DD`, or empty). */
export interface DayRange {
  from: string;
  to: string;
  setFrom(text: string): void;
  setTo(text: string): void;
}

/** A form's From and To days, both empty until typed. */
export function useDayRange(): DayRange {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return { from, to, setFrom, setTo };
}

/**
 * A span's first and last day (date inputs named From and To), as the dialogs' forms lay them out;
 * each dialog words what an empty or an end day means to it.
 */
export function DateRangeFields(props: { fromLabel: string; toLabel: string; days: DayRange }) {
  const ends = [
    { name: 'From', label: props.fromLabel, value: props.days.from, onText: props.days.setFrom },
    { name: 'To', label: props.toLabel, value: props.days.to, onText: props.days.setTo },
  ];
  return (
    <>
      {ends.map((end) => (
        <TextField
          key={end.name}
          label={end.label}
          labelClass="field"
          type="date"
          aria-label={end.name}
          value={end.value}
          onText={end.onText}
        />
      ))}
    </>
  );
}
