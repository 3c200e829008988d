import { z } from 'zod';

/**
 * The map engine's configuration (issue 9, point 1). maplibre-gl on the offline basemap unless an
 * admin set a Mapbox access token and style: then mapbox-gl draws the admin's style. The token is a
 * secret stored like the gateway password: settings:getMap says only whether one is stored, and
 * map:config hands it to the window that draws the map, nowhere else.
 */

/** A Mapbox style: `mapbox://styles/<user>/<style>` or the same on api.mapbox.com. */
export const MAPBOX_STYLE_URL = /^(mapbox:\/\/styles|https:\/\/api\.mapbox\.com\/styles\/v1)\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/;
/** A Mapbox public access token (a secret `sk.` token has no place in a browser). */
export const MAPBOX_TOKEN = /^pk\.[A-Za-z0-9._-]{1,500}$/;

const styleUrl = z.string().regex(MAPBOX_STYLE_URL, 'a Mapbox style: mapbox://styles/<user>/<style>');

export const mapSettingsSchema = z.object({
  engine: z.enum(['maplibre', 'mapbox']),
  /** The Mapbox style, when Mapbox is configured. */
  styleUrl: styleUrl.nullable(),
  hasToken: z.boolean(),
});
export type MapSettings = z.infer<typeof mapSettingsSchema>;

export const mapSettingsInputSchema = z.strictObject({
  /** null: back to the offline basemap (the token is forgotten). */
  mapbox: z
    .strictObject({
      styleUrl,
      /** Omitted: keep the stored token. */
      token: z.string().regex(MAPBOX_TOKEN, 'a Mapbox public token (pk.…)').optional(),
    })
    .nullable(),
});

export const mapConfigSchema = z.discriminatedUnion('engine', [
  z.object({ engine: z.literal('maplibre') }),
  z.object({ engine: z.literal('mapbox'), styleUrl, accessToken: z.string().regex(MAPBOX_TOKEN) }),
]);
export type MapConfig = z.infer<typeof mapConfigSchema>;
