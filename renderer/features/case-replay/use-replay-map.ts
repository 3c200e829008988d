import { useEffect, useState, type RefObject } from 'react';
import { useClient } from '../../api-context.js';
import { engineFromCore } from '../map/engine-config.js';
import { createMapView, type MapView } from '../map/map-view.js';

type ReplayMapState = { kind: 'loading' } | { kind: 'ready'; view: MapView } | { kind: 'failed'; reason: string };

/**
 * A map of its own for the case replay, in `container`, with the engine the core's map:config
 * names (the adapter decides and loads it); only its replay line and marker are drawn, no live
 * cargo. Removed with the component.
 */
export function useReplayMap(container: RefObject<HTMLDivElement | null>): ReplayMapState {
  const client = useClient();
  const [state, setState] = useState<ReplayMapState>({ kind: 'loading' });
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    let current = true;
    let made: MapView | null = null;
    engineFromCore(client)
      .then((config) => createMapView(element, config, window.location.href))
      .then(
        (view) => {
          if (!current) {
            view.destroy();
            return;
          }
          made = view;
          setState({ kind: 'ready', view });
        },
        (error: unknown) => {
          if (current) setState({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => {
      current = false;
      made?.destroy();
    };
  }, [client, container]);
  return state;
}
