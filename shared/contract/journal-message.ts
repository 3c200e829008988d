import { z } from 'zod';

/**
 * What the core says in a sync journal row, as a message key and its parameters: the renderer puts
 * it in words in the reader's language (renderer/i18n/journal.*.ts). This catalog is every message
 * the core can write, grouped as `group.name`, with the names of the parameters each one carries;
 * the core's `JournalMessage` type admits nothing else, and the translations are typed against it.
 * A parameter is a number, a string taken as it came (ids, versions, a gateway's own words, a
 * system error's text) or another message (a failure's reason), put in words first.
 */
export const journalMessageParams = {
  pull: {
    page: ['changes', 'unchanged', 'cancelled', 'flagged', 'progress'],
    pageFromStart: ['changes', 'unchanged', 'cancelled', 'flagged', 'progress'],
    moreToCome: [],
    caughtUp: [],
    notWritten: ['message'],
    cursorExpired: [],
    cursorExpiredGivingUp: ['reloads'],
    retrying: ['reason', 'seconds'],
    failed: ['reason'],
  },
  push: {
    delivered: ['resultId', 'taskId'],
    replay: ['resultId', 'taskId'],
    uploadingAgain: ['resultId', 'missing', 'count'],
    attachmentMissing: ['resultId', 'missing'],
    conflict: ['resultId', 'taskId', 'why'],
    conflictWithTask: ['resultId', 'taskId', 'why', 'version', 'status'],
    rejected: ['resultId', 'detail', 'count'],
    failed: ['resultId', 'reason'],
  },
  /** A supervisor's dispatch on its way to the single window (sync/assignment-push.ts). */
  assignment: {
    delivered: ['assignmentId', 'taskId'],
    conflict: ['assignmentId', 'taskId', 'why'],
    rejected: ['assignmentId', 'taskId', 'detail'],
    failed: ['assignmentId', 'taskId', 'reason'],
  },
  attachment: {
    stored: ['sha256', 'resultId', 'bytes'],
    alreadyStored: ['sha256', 'resultId', 'bytes'],
    failed: ['sha256', 'resultId', 'reason'],
  },
  reference: {
    unchanged: ['version'],
    unchangedNoVersion: [],
    stored: ['version', 'ports', 'checklists', 'findingCodes'],
    failed: ['reason'],
  },
  signIn: {
    ok: ['operatorId', 'until'],
    refused: ['operatorId'],
    refusedWithReason: ['operatorId', 'reason'],
    failed: ['reason'],
  },
  failure: {
    transport: ['message'],
    timeout: ['message'],
    invalidBody: ['status', 'message'],
    tooLarge: ['status'],
    credentials: [],
    http: ['status', 'code'],
    httpWithProblem: ['status', 'code', 'problem'],
    unexpected: ['message'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

type Catalog = typeof journalMessageParams;
export type JournalMessageGroup = keyof Catalog;
export type JournalMessageKey = { [G in JournalMessageGroup]: `${G}.${keyof Catalog[G] & string}` }[JournalMessageGroup];
type ParamsOf<K extends JournalMessageKey> = K extends `${infer G extends JournalMessageGroup}.${infer N}`
  ? N extends keyof Catalog[G]
    ? Catalog[G][N] extends readonly (infer P extends string)[]
      ? P
      : never
    : never
  : never;

/** A message the core writes: its key and exactly the parameters the catalog names for it. */
export type JournalMessage = {
  [K in JournalMessageKey]: { key: K; params: { [P in ParamsOf<K>]: JournalParam } };
}[JournalMessageKey];
export type JournalParam = string | number | JournalMessage;

/** The texts of every message in one language, typed so a missing or extra one fails to compile. */
export type JournalTexts = { [G in JournalMessageGroup]: { [N in keyof Catalog[G]]: string } };

/** Every key in the catalog, walked from it (for the renderer's check and the tests). */
export const journalMessageKeys: readonly JournalMessageKey[] = Object.entries(journalMessageParams).flatMap(([group, names]) =>
  Object.keys(names).map((name) => `${group}.${name}` as JournalMessageKey),
);

/** The parameter names a key carries. */
export function journalParamNames(key: JournalMessageKey): readonly string[] {
  const [group, name] = key.split('.') as [JournalMessageGroup, string];
  const names: Record<string, readonly string[]> = journalMessageParams[group];
  return names[name] ?? [];
}

interface StoredMessage {
  key: JournalMessageKey;
  params: Record<string, StoredParam>;
}
type StoredParam = string | number | StoredMessage;

const keySchema = z.custom<JournalMessageKey>((value) => typeof value === 'string' && (journalMessageKeys as readonly string[]).includes(value));
/** A message as it crosses the contract; its parameters are checked against the catalog too. */
export const journalMessageSchema: z.ZodType<JournalMessage> = z
  .lazy(() =>
    z
      .strictObject({ key: keySchema, params: z.record(z.string(), z.union([z.string(), z.number(), journalMessageSchema])) })
      .refine((message: StoredMessage) => sameNames(Object.keys(message.params), journalParamNames(message.key)), 'parameters do not match the message key'),
  )
  .transform((message) => message as JournalMessage);

function sameNames(given: readonly string[], expected: readonly string[]): boolean {
  return given.length === expected.length && expected.every((name) => given.includes(name));
}
