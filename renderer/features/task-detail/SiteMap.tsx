import { useTranslation } from 'react-i18next';
import type { TaskDetail } from '../../../shared/contract/index.js';
import { MAP_HEIGHT, MAP_WIDTH, projectionFor, siteAt, sitesAround } from './site-map-geometry.js';

/**
 * Where the task is, on a small static sketch of the port's sites (no tiles, no network): the
 * Chongqing inspection sites around it as dots, its point marked and labelled. The live map is elsewhere.
 */
export function SiteMap({ location }: { location: TaskDetail['location'] }) {
  const { t, i18n } = useTranslation();
  const english = (i18n.resolvedLanguage ?? i18n.language) === 'en';
  const project = projectionFor(location);
  const x = project.x(location.lon);
  const y = project.y(location.lat);
  const site = siteAt(location);
  const siteName = site ? (english ? site.name : site.nameZh) : null;
  // Labels sit on the side with more room, so they stay inside the frame.
  const anchor = x > MAP_WIDTH / 2 ? 'end' : 'start';
  const dx = anchor === 'end' ? -10 : 10;
  return (
    <figure className="site-map" data-testid="site-map">
      <svg viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="img" aria-label={t('taskDetail.mapLabel', { area: location.area })}>
        <rect className="site-map__ground" x={0} y={0} width={MAP_WIDTH} height={MAP_HEIGHT} />
        {sitesAround(location).map((other) => (
          <circle key={other.id} className="site-map__site" cx={project.x(other.lon)} cy={project.y(other.lat)} r={3}>
            <title>{english ? other.name : other.nameZh}</title>
          </circle>
        ))}
        <circle className="site-map__marker" data-testid="site-map-marker" cx={x} cy={y} r={6} />
        <text className="site-map__label" x={x + dx} y={y - 6} textAnchor={anchor}>
          {location.area}
        </text>
        {siteName && (
          <text className="site-map__label site-map__label--site" x={x + dx} y={y + 12} textAnchor={anchor}>
            {siteName}
          </text>
        )}
      </svg>
      <figcaption className="site-map__caption">
        {location.area}
        {siteName && `${t('tasks.fieldSeparator')}${t('taskDetail.nearestSite', { site: siteName })}`}
      </figcaption>
    </figure>
  );
}
