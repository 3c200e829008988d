import crypto from 'node:crypto';
import type { Database as Sqlite, Statement } from 'better-sqlite3';
import type { GatewaySettings } from '../../../shared/contract/index.js';
import type { MapConfig, MapSettings } from '../../../shared/contract/map.js';
import type { Logger } from '../log.js';
import { SecretBoxError, type SecretBox } from '../secrets/secret-box.js';
import { AuditRepository } from './audit-repository.js';

/**
 * The workstation's gateway settings, in the key/value table `settings` (migration 002).
 * The password and the last access token are stored sealed (secret-box.ts) and leave this class
 * only towards the sync code inside the core: `gateway()` — what settings:getGateway answers —
 * says `hasPassword`, never the password. Nothing secret is ever passed to the log.
 */
const KEY = {
  url: 'gateway.url',
  operatorId: 'gateway.operatorId',
  password: 'gateway.password',
  token: 'gateway.token',
  workstationId: 'workstation.id',
  mapboxStyleUrl: 'map.mapboxStyleUrl',
  mapboxToken: 'map.mapboxToken',
} as const;
type SettingKey = (typeof KEY)[keyof typeof KEY];

export interface StoredToken {
  accessToken: string;
  expiresAt: string;
}

/** What the sync code needs to sign in; null fields are not configured. */
export interface GatewayConfig {
  gatewayUrl: string | null;
  operatorId: string | null;
  password: string | null;
  workstationId: string;
}

export interface GatewaySettingsChange {
  /** null: training mode with the built-in simulator. */
  gatewayUrl: string | null;
  operatorId: string | null;
  /** undefined: keep the stored password, if the address and operator stay the same (else it is forgotten). */
  password?: string;
}

export interface SettingsRepositoryOptions {
  log?: Logger;
  /** Tests inject a fixed id; the default is 'ws-' + 16 random hex digits. */
  newWorkstationId?: () => string;
  /** Where a settings change is recorded, in its own transaction; defaults to this connection's audit log. */
  audit?: AuditRepository;
}

export class SettingsRepository {
  private readonly select: Statement<[SettingKey], { value: string }>;
  private readonly upsert: Statement<[SettingKey, string]>;
  private readonly insertIfMissing: Statement<[SettingKey, string]>;
  private readonly remove: Statement<[SettingKey]>;
  private readonly audit: AuditRepository;

  constructor(
    private readonly connection: Sqlite,
    private readonly box: SecretBox,
    private readonly options: SettingsRepositoryOptions = {},
  ) {
    this.select = connection.prepare('SELECT value FROM settings WHERE key = ?');
    this.upsert = connection.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.insertIfMissing = connection.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
    this.remove = connection.prepare('DELETE FROM settings WHERE key = ?');
    this.audit = options.audit ?? new AuditRepository(connection);
  }

  /** The settings as the admin's screen sees them: no secret, only whether a usable password is stored. */
  gateway(): GatewaySettings {
    const gatewayUrl = this.read(KEY.url);
    return {
      mode: gatewayUrl === null ? 'training' : 'gateway',
      gatewayUrl,
      operatorId: this.read(KEY.operatorId),
      workstationId: this.workstationId(),
      hasPassword: this.password() !== null,
    };
  }

  /**
   * Stores a new configuration in one transaction. A different gateway, operator or password makes
   * the stored token meaningless, so it is dropped with them. The stored password belongs to the
   * stored address and operator: a change of either without a new password forgets it (it is never
   * sent to an address it was not typed for), and so does training mode (no gateway, no secret
   * kept). Returns whether anything changed. A change is recorded in the audit log in the same
   * transaction, by `actor` (the operator of the calling session, else `admin`).
   */
  setGateway(change: GatewaySettingsChange, actor = 'admin'): boolean {
    const run = this.connection.transaction((next: GatewaySettingsChange): boolean => {
      const before = { gatewayUrl: this.read(KEY.url), operatorId: this.read(KEY.operatorId) };
      const urlChanged = this.write(KEY.url, next.gatewayUrl);
      const operatorChanged = this.write(KEY.operatorId, next.operatorId);
      const { password } = next;
      let passwordChanged = false;
      if (next.gatewayUrl === null || (password === undefined && (urlChanged || operatorChanged))) {
        passwordChanged = this.read(KEY.password) !== null;
        this.remove.run(KEY.password);
      } else if (password !== undefined) {
        this.upsert.run(KEY.password, this.box.seal(password, KEY.password));
        passwordChanged = true;
      }
      const changed = urlChanged || operatorChanged || passwordChanged;
      if (changed) this.remove.run(KEY.token);
      if (changed) {
        // Never the password or token: only whether the password changed.
        this.audit.append({
          actor,
          action: 'settings.gateway_changed',
          details: {
            from: { gatewayUrl: auditedUrl(before.gatewayUrl), operatorId: before.operatorId },
            to: { gatewayUrl: auditedUrl(next.gatewayUrl), operatorId: next.operatorId },
            passwordChanged,
          },
        });
      }
      return changed;
    });
    const changed = run(change);
    if (changed) {
      this.options.log?.info('gateway settings changed', {
        mode: change.gatewayUrl === null ? 'training' : 'gateway',
        signInChanged: change.password !== undefined,
      });
    }
    return changed;
  }

  /** Everything the gateway client needs to sign in (core-internal: holds the password). */
  gatewayConfig(): GatewayConfig {
    return {
      gatewayUrl: this.read(KEY.url),
      operatorId: this.read(KEY.operatorId),
      password: this.password(),
      workstationId: this.workstationId(),
    };
  }

  /** The stored password, or null when none is stored or it cannot be opened with this data key. */
  password(): string | null {
    return this.openSealed(KEY.password);
  }

  /**
   * The stored password only for exactly the stored address and operator (a connection test with
   * no password typed); null for any other pair, so it cannot be sent where it was not typed for.
   */
  passwordFor(gatewayUrl: string, operatorId: string): string | null {
    if (this.read(KEY.url) !== gatewayUrl || this.read(KEY.operatorId) !== operatorId) return null;
    return this.password();
  }

  /** The last access token, kept so a restart does not need a new sign-in; null when absent or unreadable. */
  token(): StoredToken | null {
    const text = this.openSealed(KEY.token);
    if (text === null) return null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null) return null;
      const accessToken: unknown = Reflect.get(parsed, 'accessToken');
      const expiresAt: unknown = Reflect.get(parsed, 'expiresAt');
      return typeof accessToken === 'string' && typeof expiresAt === 'string' ? { accessToken, expiresAt } : null;
    } catch {
      return null;
    }
  }

  /** Stores (sealed) or forgets the access token. */
  setToken(token: StoredToken | null): void {
    if (token === null) this.remove.run(KEY.token);
    else this.upsert.run(KEY.token, this.box.seal(JSON.stringify({ accessToken: token.accessToken, expiresAt: token.expiresAt }), KEY.token));
  }

  /** The map engine as the admin's screen sees it: the Mapbox style and whether a token is stored, never the token. */
  mapSettings(): MapSettings {
    const config = this.mapConfig();
    return config.engine === 'mapbox'
      ? { engine: 'mapbox', styleUrl: config.styleUrl, hasToken: true }
      : { engine: 'maplibre', styleUrl: this.read(KEY.mapboxStyleUrl), hasToken: this.openSealed(KEY.mapboxToken) !== null };
  }

  /** What the window drawing the map needs: Mapbox only with both a style and a token that opens. */
  mapConfig(): MapConfig {
    const styleUrl = this.read(KEY.mapboxStyleUrl);
    const accessToken = this.openSealed(KEY.mapboxToken);
    return styleUrl !== null && accessToken !== null ? { engine: 'mapbox', styleUrl, accessToken } : { engine: 'maplibre' };
  }

  /**
   * Mapbox's style and token (sealed like the password), or null for the offline basemap, which
   * forgets both. A change is audited in the same transaction: the style, never the token (only
   * whether it changed). Returns whether anything changed.
   */
  setMapbox(change: { styleUrl: string; token?: string } | null, actor = 'admin'): boolean {
    const run = this.connection.transaction((): boolean => {
      const before = this.read(KEY.mapboxStyleUrl);
      const styleChanged = this.write(KEY.mapboxStyleUrl, change?.styleUrl ?? null);
      let tokenChanged = false;
      if (change === null) {
        tokenChanged = this.read(KEY.mapboxToken) !== null;
        this.remove.run(KEY.mapboxToken);
      } else if (change.token !== undefined && change.token !== this.openSealed(KEY.mapboxToken)) {
        this.upsert.run(KEY.mapboxToken, this.box.seal(change.token, KEY.mapboxToken));
        tokenChanged = true;
      }
      const changed = styleChanged || tokenChanged;
      if (changed) this.audit.append({ actor, action: 'settings.map_changed', details: { from: before, to: change?.styleUrl ?? null, tokenChanged } });
      return changed;
    });
    const changed = run();
    if (changed) this.options.log?.info('map settings changed', { engine: change === null ? 'maplibre' : 'mapbox' });
    return changed;
  }

  /** This workstation's id for the gateway: generated on first use, then stable for the life of the database. */
  workstationId(): string {
    const stored = this.read(KEY.workstationId);
    if (stored !== null) return stored;
    const fresh = this.options.newWorkstationId?.() ?? `ws-${crypto.randomBytes(8).toString('hex')}`;
    // DO NOTHING + read back: if two callers race, both end up with the first id written.
    this.insertIfMissing.run(KEY.workstationId, fresh);
    return this.read(KEY.workstationId) ?? fresh;
  }

  private read(key: SettingKey): string | null {
    return this.select.get(key)?.value ?? null;
  }

  /** Writes or deletes one plain setting; returns whether its value changed. */
  private write(key: SettingKey, value: string | null): boolean {
    if (this.read(key) === value) return false;
    if (value === null) this.remove.run(key);
    else this.upsert.run(key, value);
    return true;
  }

  private openSealed(key: SettingKey): string | null {
    const sealed = this.read(key);
    if (sealed === null) return null;
    try {
      return this.box.open(sealed, key);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      // A restored database or a lost keychain: the admin enters the password again. Only the
      // problem and the setting's name are logged, never the sealed text.
      this.options.log?.warn('a stored secret cannot be opened', { setting: key, problem: error.problem });
      return null;
    }
  }
}

/** A gateway address as the audit log records it: without its query or fragment, which may carry a key. */
function auditedUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
