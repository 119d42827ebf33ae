/** Zero-padded date and time pieces of a wall-clock ms value (read with getUTC*), for vendor layouts. */
export interface WallFields {
  y: string;
  mo: string;
  d: string;
  h: string;
  mi: string;
  s: string;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export function wallFields(wall: number): WallFields {
  const t = new Date(wall);
  return {
    y: String(t.getUTCFullYear()).padStart(4, '0'),
    mo: pad(t.getUTCMonth() + 1),
    d: pad(t.getUTCDate()),
    h: pad(t.getUTCHours()),
    mi: pad(t.getUTCMinutes()),
    s: pad(t.getUTCSeconds()),
  };
}

/** "+HH:MM" / "-HH:MM" of an offset in ms; "Z" for 0 when `z` is set. */
export function offsetText(offset: number, z: boolean): string {
  if (offset === 0 && z) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
