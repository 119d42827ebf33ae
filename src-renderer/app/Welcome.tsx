import { TrashView } from '../features/series-admin/TrashView';
import { useCatalogStore } from '../stores/catalog';

/** First start on an empty catalog: two ways in. */
export function Welcome({ onPick }: { onPick(): void }) {
  const { loadSample, sampleLoading, info } = useCatalogStore();
  return (
    <div className="welcome" data-testid="welcome">
      <h1>Your catalog is empty</h1>
      <p className="muted mono">{info?.dir}</p>
      <p>
        Drop CSV files or folders anywhere on this window, or start with generated sample series that have a
        few gaps in them.
      </p>
      <div className="row center">
        <button
          type="button"
          className="primary big"
          disabled={sampleLoading}
          onClick={() => void loadSample()}
        >
          {sampleLoading ? 'Writing sample data…' : 'Load sample data'}
        </button>
        <button type="button" className="big" onClick={onPick}>
          Import files…
        </button>
      </div>
      {/* A catalog emptied by deletes still has them in its trash. */}
      <TrashView />
    </div>
  );
}
