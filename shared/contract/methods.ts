import { z } from 'zod';
import { appInfoSchema, emptyInputSchema } from './app.js';
import type { Role } from './enums.js';
import {
  taskCountInputSchema,
  taskCountSchema,
  taskDetailSchema,
  taskGetInputSchema,
  taskListInputSchema,
  taskPageSchema,
} from './tasks.js';

/** One declaration per call: name `domain:verb`, input and output schemas, the roles allowed. */
interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  roles: readonly Role[];
}

function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

const everyone = ['inspector', 'supervisor', 'admin'] as const;

export const methods = {
  'app:info': method({ input: emptyInputSchema, output: appInfoSchema, roles: everyone }),
  'tasks:list': method({ input: taskListInputSchema, output: taskPageSchema, roles: everyone }),
  'tasks:count': method({ input: taskCountInputSchema, output: taskCountSchema, roles: everyone }),
  'tasks:get': method({ input: taskGetInputSchema, output: taskDetailSchema, roles: everyone }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** Events the core pushes to every connected renderer. */
export const events = {
  'tasks:changed': z.object({ taskIds: z.array(z.string()).max(1000), reloadAll: z.boolean() }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
