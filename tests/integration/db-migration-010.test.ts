import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cargoRepository } from '../../electron/core/db/cargo-repository.js';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

/** Schema 10 (live cargo: newest position per cargo, tracks, the stream's resume point) on a real file. */
const log = createLogger(nullSink);
const slot = freshDatabaseFile();

describe('migration 010 (live cargo) on a real file', () => {
  it('upgrades a version-9 file with a backup: an empty picture, one resume row, a mode the contract knows', () => {
    openDatabase(slot.file, { log, migrations: migrations.slice(0, 9) }).close();
    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 10) });
    const handle = sqliteHandle(db);
    expect(handle.pragma('user_version', { simple: true })).toBe(10);
    expect(fs.existsSync(`${slot.file}.v9.bak`)).toBe(true);
    const cargo = cargoRepository(db);
    expect(cargo.latestPage('', 10)).toEqual([]);
    expect(cargo.resumePoint()).toEqual({ lastEventId: null, newestAtMs: null });
    expect(() => handle.exec('INSERT INTO cargo_stream_state (id) VALUES (2)')).toThrow(/CHECK/);
    expect(() =>
      handle.exec("INSERT INTO cargo_latest (cargo_id, event_id, transport_doc_no, mode, corridor, lon, lat, at_ms) VALUES ('CG-1', 'e1', 'X1', 'ship', 'c', 0, 0, 0)"),
    ).toThrow(/CHECK/);
    // Keyed by cargo and time: a point received twice is one point.
    handle.exec("INSERT INTO cargo_track (cargo_id, at_ms, lon, lat) VALUES ('CG-1', 1000, 1, 1)");
    expect(() => handle.exec("INSERT INTO cargo_track (cargo_id, at_ms, lon, lat) VALUES ('CG-1', 1000, 2, 2)")).toThrow(/PRIMARY|UNIQUE/);
    db.close();
  });
});
