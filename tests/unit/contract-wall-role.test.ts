import { describe, expect, it } from 'vitest';
import { accountCreateInputSchema, events, methods, wallEvents, type MethodName } from '../../shared/contract/index.js';

/**
 * The wall display's role (issue 10, point 5) decided per method: a wall may read only what its
 * screen shows. Walking the whole contract means a method added later is refused to walls until
 * someone adds it here on purpose (and to the method's roles).
 */
const WALL_READS: readonly string[] = ['app:info', 'session:status', 'sync:status', 'cargo:snapshot', 'cargo:arrivals', 'cargo:track', 'map:config', 'kpi:summary'];

describe('the wall role in the contract', () => {
  it.each(Object.keys(methods) as MethodName[])('%s is open to walls only if it is on the read-only allow-list', (name) => {
    const roles: readonly string[] = methods[name].roles;
    expect(roles.includes('wall')).toBe(WALL_READS.includes(name));
  });

  it('names no write on the allow-list: every method a wall may call is a read (a get, a list, a status)', () => {
    for (const name of WALL_READS) expect(name).toMatch(/:(info|status|snapshot|arrivals|track|config|summary)$/);
  });

  it('lets walls hear the cargo and the sync state only, not which tasks changed', () => {
    expect([...wallEvents].sort()).toEqual(['cargo:moved', 'sync:changed']);
    expect(Object.keys(events)).toContain('tasks:changed');
  });

  it('gives no account the wall role: creating one with it is invalid input', () => {
    const input = { operatorId: 'wall-1', name: '大屏', roles: ['wall'], agency: 'customs', password: 'a-long-password' };
    expect(accountCreateInputSchema.safeParse(input).success).toBe(false);
    expect(accountCreateInputSchema.safeParse({ ...input, roles: ['supervisor'] }).success).toBe(true);
  });
});
