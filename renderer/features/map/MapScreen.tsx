import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api-context.js';
import { useNow } from '../sync/relative-time.js';
import { TaskDetailPanel } from '../task-detail/TaskDetailPanel.js';
import { NO_FILTER, type CargoFilter } from './cargo-filter.js';
import { drawnAt } from './cargo-freshness.js';
import type { CargoRecord } from './cargo-picture.js';
import { ArrivalsPanel, type Arrival } from './ArrivalsPanel.js';
import { CargoMapSync } from './cargo-map-sync.js';
import { CargoPanel } from './CargoPanel.js';
import { CargoTooltip } from './CargoTooltip.js';
import { engineFromCore } from './engine-config.js';
import { LiveCargoFeed } from './live-cargo-feed.js';
import { MapLegend } from './MapLegend.js';
import { MapToolbar } from './MapToolbar.js';
import { ReplayPanel } from './ReplayPanel.js';
import { createMapView, type CargoHover, type MapEngineConfig, type MapView } from './map-view.js';
import './map.css';

/** A request to show a task's cargo (from a task's "Show on map"); `n` tells a repeated request apart. */
export interface MapFocus {
  taskId: string;
  n: number;
}

interface Props {
  focus: MapFocus | null;
  /** Given: draw with it (tests); else the core's map:config decides. */
  engine?: MapEngineConfig;
  /**
   * A wall display: the map and its legend only; no filters or search, and a click opens no cargo
   * panel or task (a task's row names its consignee, which the core refuses to a wall).
   */
  readOnly?: boolean;
}

type MapState = { kind: 'loading' } | { kind: 'ready'; view: MapView; sync: CargoMapSync } | { kind: 'failed'; reason: string };

/** Flies to where the cargo's symbol is drawn now: an estimated cargo's symbol is away from its last fix. */
function flyToCargo(view: MapView, record: CargoRecord): void {
  const { lon, lat } = drawnAt(record, Date.now());
  view.flyTo(lon, lat);
}


/**
 * The live map: the basemap, every cargo the core knows (cargo:snapshot, then cargo:moved), the
 * filters and search above it, a tooltip on hover, a cargo's tasks on click and a task's detail
 * from there.
 */
export function MapScreen({ focus, engine, readOnly = false }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const container = useRef<HTMLDivElement>(null);
  // The focus request a click on the map is made under (the engine's listener is set up once).
  const focusNow = useRef(0);
  const [feed] = useState(() => new LiveCargoFeed(client));
  const [state, setState] = useState<MapState>({ kind: 'loading' });
  const [filter, setFilter] = useState<CargoFilter>(NO_FILTER);
  const [hover, setHover] = useState<CargoHover | null>(null);
  // The cargo a click or a search picked, under the focus request it was picked after: a newer
  // "Show on map" selects its own cargo instead.
  const [picked, setPicked] = useState<{ i: number; focusN: number } | null>(null);
  const [openTaskId, setOpenTaskId] = useState<string | null>(null);
  const [picture, setPicture] = useState({ ready: feed.ready, count: feed.picture.size });
  const now = useNow(5_000);

  useEffect(() => () => feed.stop(), [feed]);
  useEffect(() => feed.subscribe(() => setPicture({ ready: feed.ready, count: feed.picture.size })), [feed]);

  const focusN = focus?.n ?? 0;
  // The cargo of the task to show, looked up once the picture is in (again when a new snapshot arrives).
  const focusRecord = useMemo(
    () => (focus === null || !picture.ready ? undefined : [...feed.picture.values()].find((record) => record.taskId === focus.taskId)),
    [focus, picture.ready, feed],
  );
  const selectedI = picked !== null && picked.focusN === focusN ? picked.i : (focusRecord?.i ?? -1);
  const selected = feed.picture.get(selectedI);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    let current = true;
    let ready: { view: MapView; sync: CargoMapSync } | null = null;
    (engine === undefined ? engineFromCore(client) : Promise.resolve(engine)).then((config) => createMapView(element, config, window.location.href)).then(
      (view) => {
        if (!current) {
          view.destroy();
          return;
        }
        const sync = new CargoMapSync(feed, view, client);
        view.onCargoHover(setHover);
        view.onCargoClick((i) => {
          setPicked({ i, focusN: focusNow.current });
        });
        ready = { view, sync };
        setState({ kind: 'ready', ...ready });
      },
      (error: unknown) => {
        if (current) setState({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
      ready?.sync.stop();
      ready?.view.destroy();
    };
  }, [client, engine, feed]);

  useEffect(() => {
    if (state.kind === 'ready') state.sync.setFilter(filter);
  }, [state, filter]);

  // A task's "Show on map": once the map and the picture are there, fly to the cargo naming that task.
  useEffect(() => {
    if (state.kind === 'ready' && focusRecord !== undefined) flyToCargo(state.view, focusRecord);
  }, [state, focusRecord]);
  useEffect(() => {
    focusNow.current = focusN;
  }, [focusN]);

  // The arrivals per hub beside the map, and a cargo whose journey is replayed (live again when it closes).
  const [showArrivals, setShowArrivals] = useState(false);
  const [arrivalMissing, setArrivalMissing] = useState<string | null>(null);
  const [replay, setReplay] = useState<{ cargoId: string; name: string } | null>(null);
  const pickArrival = (arrival: Arrival): void => {
    const record = feed.picture.find(arrival.transportDocNo);
    if (record === undefined || state.kind !== 'ready') {
      setArrivalMissing(arrival.containerNo ?? arrival.transportDocNo);
      return;
    }
    setArrivalMissing(null);
    flyToCargo(state.view, record);
    setPicked({ i: record.i, focusN });
  };

  const search = (text: string): boolean => {
    const record = feed.picture.find(text);
    if (record === undefined || state.kind !== 'ready') return false;
    flyToCargo(state.view, record);
    setPicked({ i: record.i, focusN });
    return true;
  };
  const notice = focus !== null && picture.ready && focusRecord === undefined ? t('map.taskNotOnMap', { taskId: focus.taskId }) : null;

  const hovered = hover === null ? undefined : feed.picture.get(hover.i);
  const loading = state.kind === 'loading';
  const failure = state.kind === 'failed' ? state.reason : null;
  return (
    <section className="map-screen" data-testid="map-screen" data-map-state={state.kind} data-cargo-count={picture.count} aria-label={t('map.label')}>
      {!readOnly && <MapToolbar filter={filter} onFilter={setFilter} onSearch={search} />}
      <div className="map-screen__body">
        <div className="map-screen__map">
          {/* The engine owns this element's children; React's overlays are its siblings. */}
          <div className="map-screen__engine" ref={container} data-testid="map-canvas-host" />
          {loading && <p className="map-screen__status">{t('map.loading')}</p>}
          {failure !== null && (
            <p className="map-screen__status" role="alert">
              {t('map.failed', { reason: failure })}
            </p>
          )}
          {hover !== null && hovered !== undefined && <CargoTooltip record={hovered} point={hover.point} now={now} />}
        </div>
        {showArrivals && <ArrivalsPanel onPick={pickArrival} onClose={() => setShowArrivals(false)} />}
        {!readOnly && replay === null && selected !== undefined && (
          <CargoPanel
            key={selected.cargoId}
            record={selected}
            onOpenTask={setOpenTaskId}
            onReplay={() => setReplay({ cargoId: selected.cargoId, name: selected.containerNo ?? selected.transportDocNo })}
            onClose={() => setPicked({ i: -1, focusN })}
          />
        )}
        {replay !== null && (
          <ReplayPanel key={replay.cargoId} cargoId={replay.cargoId} name={replay.name} canvas={state.kind === 'ready' ? state.view : null} onClose={() => setReplay(null)} />
        )}
        {openTaskId !== null && <TaskDetailPanel taskId={openTaskId} onClose={() => setOpenTaskId(null)} />}
      </div>
      <footer className="map-screen__footer">
        <MapLegend />
        <button type="button" className="button button--small" data-testid="map-arrivals-toggle" aria-pressed={showArrivals} onClick={() => setShowArrivals((shown) => !shown)}>
          {t('map.arrivals.toggle')}
        </button>
        {arrivalMissing !== null && (
          <span role="status" data-testid="map-arrival-missing">
            {t('map.arrivals.notOnMap', { id: arrivalMissing })}
          </span>
        )}
        <span data-testid="map-cargo-count">{picture.ready ? t('map.cargoCount', { count: picture.count }) : t('map.waiting')}</span>
        {notice !== null && (
          <span role="status" data-testid="map-notice">
            {notice}
          </span>
        )}
      </footer>
    </section>
  );
}
