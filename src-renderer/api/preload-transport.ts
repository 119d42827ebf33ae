import type { PreloadBridge } from '../../src-shared/bridge';
import type { CommandName } from '../../src-shared/contract';
import type { Transport } from './transport';

export function preloadTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    invoke: (name: CommandName, input: unknown) =>
      (bridge.invoke[name] as (i: unknown) => ReturnType<Transport['invoke']>)(input),
    on: (name, listener) => bridge.on(name, listener),
    // IPC events cannot be missed or refused: there is nothing to report.
    onStreamStatus: () => () => {},
    stageFiles: async (files) => files.map((f) => bridge.pathForFile(f.file)),
  };
}
