import { migration001 } from './001-tasks.js';
import { migration002 } from './002-sync.js';
import { migration003 } from './003-result-gateway.js';
import { migration004 } from './004-audit.js';
import { migration005 } from './005-list-filters-in-index.js';
import { migration006 } from './006-accounts.js';
import { migration007 } from './007-task-versions.js';
import { migration008 } from './008-reference-and-prior-inspections.js';
import { migration009 } from './009-inspection-drafts.js';
import { migration010 } from './010-cargo.js';
import { migration011 } from './011-journal-messages.js';
import { migration012 } from './012-task-versions-whole.js';
import { migration013 } from './013-result-reviews.js';
import { migration014 } from './014-dispatch.js';
import { migration015 } from './015-kpi.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration in order; the last one's version is the schema this app writes. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
