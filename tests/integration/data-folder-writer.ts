import path from 'node:path';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { openDatabase } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, fileSink } from '../../electron/core/log.js';

/**
 * Writes into a data folder what the headless host's run does not (yet) create: evidence files, a
 * pre-migration backup, another log. Run by host-data-modes.test.ts in its own process under a
 * umask of 000, which node worker threads cannot set.
 * Usage: node --import tsx tests/integration/data-folder-writer.ts <dataDir>
 */
const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: data-folder-writer.ts <dataDir>');
const log = createLogger(fileSink(path.join(dataDir, 'logs', 'writer.log')));
const store = new AttachmentStore(dataDir);
await store.put(Buffer.from('photo of a seal, not really'), 'image/jpeg');
const older = path.join(dataDir, 'older.sqlite');
openDatabase(older, { log, migrations: migrations.slice(0, 1) }).close();
openDatabase(older, { log }).close(); // migrates: writes older.sqlite.v1.bak first
log.info('data folder writer done');
