/** Colors of the gap chart's strips, also used by the legend (which must not load recharts). */
export const COLORS = { covered: '#2fa57c', gap: '#e5484d', empty: '#5b7fb8', closed: '#39404d' };
