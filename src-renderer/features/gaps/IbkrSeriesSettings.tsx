// A series' Interactive Brokers settings, shown when its provider is ibkr: what IB is asked for
// (whatToShow, regular hours), the contract chosen for it, and, when its symbol has several, the list
// to choose one from once. Each change is stored with the series and is what its next job sends.
import { useState } from 'react';
import { IB_WHAT_TO_SHOW, type IbCandidate, type IbkrSeries } from '../../../src-shared/domain/ibkr';
import { api, errorText } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { SelectField } from '../../lib/SelectField';
import { TableHead } from '../../lib/TableHead';
import { useAction } from '../../lib/use-action';

// The last column holds each candidate's Choose button.
const CANDIDATE_COLUMNS = ['conId', 'Type', 'Exchange', 'Primary', 'Currency', 'Expiry', 'Description', ''];

export function IbkrSeriesSettings({ id, settings }: { id: string; settings: IbkrSeries }) {
  const [candidates, setCandidates] = useState<IbCandidate[] | null>(null);
  const { busy, error, setError, run } = useAction();

  const save = async (next: IbkrSeries) => {
    setError(null);
    try {
      await api().setSeriesProvider({ id, provider: 'ibkr', ibkr: next });
    } catch (err) {
      setError(`The Interactive Brokers settings could not be saved: ${errorText(err)}`);
    }
  };
  const find = () =>
    run(
      async () => setCandidates(await api().ibkrContracts({ id })),
      (err) => `The contracts could not be listed: ${errorText(err)}`,
    );
  const choose = async (conId: number) => {
    await save({ ...settings, conId });
    setCandidates(null);
  };

  return (
    <div className="ibkr-settings" data-testid="ibkr-settings">
      <SelectField<IbkrSeries['whatToShow']>
        label="What to show"
        labelClass="stat"
        textClass="stat-label"
        className="mono"
        data-testid="ibkr-what-to-show"
        value={settings.whatToShow}
        options={IB_WHAT_TO_SHOW}
        onPick={(whatToShow) => void save({ ...settings, whatToShow })}
      />
      <label className="stat">
        <span className="stat-label">Regular hours only</span>
        <input
          type="checkbox"
          data-testid="ibkr-rth"
          checked={settings.useRth}
          onChange={(e) => void save({ ...settings, useRth: e.target.checked })}
        />
      </label>
      <div className="stat">
        <span className="stat-label">Contract</span>
        <span className="mono" data-testid="ibkr-contract">
          {settings.secType}
          {settings.expiry ? ` ${settings.expiry}` : ''}
          {settings.conId ? ` · conId ${settings.conId}` : ' · by symbol and venue'}
        </span>
      </div>
      {settings.secType !== 'CONTFUT' && (
        <button type="button" data-testid="ibkr-find-contracts" disabled={busy} onClick={() => void find()}>
          {settings.conId ? 'Change contract…' : 'Choose contract…'}
        </button>
      )}
      <ErrorLine text={error} />
      {candidates && (
        <table className="ibkr-candidates" data-testid="ibkr-candidates">
          <TableHead columns={CANDIDATE_COLUMNS} />
          <tbody>
            {candidates.map((c) => (
              <tr key={c.conId} data-testid="ibkr-candidate">
                <td className="mono">{c.conId}</td>
                <td>{c.secType}</td>
                <td>{c.exchange}</td>
                <td>{c.primaryExch}</td>
                <td>{c.currency}</td>
                <td className="mono">{c.expiry}</td>
                <td>{c.description}</td>
                <td>
                  <button
                    type="button"
                    disabled={c.conId === settings.conId}
                    onClick={() => void choose(c.conId)}
                  >
                    {c.conId === settings.conId ? 'Chosen' : 'Choose'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
