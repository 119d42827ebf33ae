import { create } from 'zustand';

/** Shown when the web host refused the event stream: nothing on screen updates any more. */
export const LOST_CONNECTION =
  'Lost the connection to Barcat: reload the page opened from the URL the web host printed.';

interface ConnectionState {
  lost: boolean;
  setLost(lost: boolean): void;
}

export const useConnectionStore = create<ConnectionState>((set) => ({
  lost: false,
  setLost: (lost) => set({ lost }),
}));
