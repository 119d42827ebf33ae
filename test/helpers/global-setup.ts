// Workers and CLI integration tests load the bundled JS in out/node; build it once per run.
export default async function setup(): Promise<void> {
  // @ts-expect-error plain .mjs build script without types
  const { buildNode } = await import('../../scripts/build-node.mjs');
  await buildNode({ quiet: true });
}
