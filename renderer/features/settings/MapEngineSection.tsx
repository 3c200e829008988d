import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError, MethodInput } from '../../../shared/contract/index.js';
import type { MapSettings } from '../../../shared/contract/map.js';
import { useClient } from '../../api-context.js';

/**
 * The map's basemap (admins only; the core refuses anyone else): the offline basemap, or Mapbox
 * with a style and a public token. The token is typed in and never shown again: the core answers
 * only whether one is stored.
 */
export function MapEngineSection() {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [settings, setSettings] = useState<MapSettings | null>(null);
  const [styleUrl, setStyleUrl] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<CallError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void client.call('settings:getMap', {}).then((answer) => {
      if (!answer.ok) {
        setError(answer.error);
        return;
      }
      setSettings(answer.value);
      setStyleUrl(answer.value.styleUrl ?? '');
    });
  }, [client]);

  const save = (input: MethodInput<'settings:setMap'>): void => {
    setSaved(false);
    void client.call('settings:setMap', input).then((answer) => {
      if (!answer.ok) {
        setError(answer.error);
        return;
      }
      setError(null);
      setSettings(answer.value);
      setStyleUrl(answer.value.styleUrl ?? '');
      setToken('');
      setSaved(true);
    });
  };
  const current = settings?.engine === 'mapbox' ? t('map.settings.mapbox', { style: settings.styleUrl ?? '' }) : t('map.settings.offline');

  return (
    <section className="settings__map" aria-label={t('map.settings.title')} data-testid="map-settings">
      <h2>{t('map.settings.title')}</h2>
      <p data-testid="map-settings-engine" data-engine={settings?.engine ?? ''}>
        {current}
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const typed = token.trim();
          save({ mapbox: { styleUrl: styleUrl.trim(), ...(typed === '' ? {} : { token: typed }) } });
        }}
      >
        <fieldset disabled={settings === null} className="settings__fields">
          <label htmlFor={`${id}-style`}>{t('map.settings.styleUrl')}</label>
          <input id={`${id}-style`} data-testid="map-settings-style" value={styleUrl} onChange={(event) => setStyleUrl(event.target.value)} />
          <label htmlFor={`${id}-token`}>{t('map.settings.token')}</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            data-testid="map-settings-token"
            placeholder={settings?.hasToken ? t('map.settings.tokenStored') : undefined}
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
          <button type="submit" className="button" data-testid="map-settings-mapbox">
            {t('map.settings.useMapbox')}
          </button>
          <button type="button" className="button button--secondary" data-testid="map-settings-offline" onClick={() => save({ mapbox: null })}>
            {t('map.settings.useOffline')}
          </button>
        </fieldset>
      </form>
      {error !== null && (
        <p className="sync-section__error" role="alert" data-testid="map-settings-error" title={`${error.code}: ${error.message}`}>
          {t(`callErrors.${error.code}`)}
        </p>
      )}
      {saved && (
        <p role="status" data-testid="map-settings-saved">
          {t('map.settings.saved')} {t('map.settings.reload')}
        </p>
      )}
    </section>
  );
}
