import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Operator, TokenRequest, TokenResponse } from '../../shared/contract/gateway.js';
import type { OperatorAccount } from './options.js';
import { PORT_CODE } from './seed/task-generator.js';

/** Who a bearer token speaks for, and until when. */
export interface Session {
  readonly operator: Operator;
  readonly workstationId: string;
  readonly expiresAt: number;
}

const BEARER = /^Bearer +([A-Za-z0-9_-]{16,512})$/;
const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Access tokens: random, held in memory, expiring on the simulator's clock, revocable at once. */
export class TokenStore {
  private readonly sessions = new Map<string, Session>();
  private readonly accounts: ReadonlyMap<string, OperatorAccount>;

  constructor(
    accounts: readonly OperatorAccount[],
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    this.accounts = new Map(accounts.map((a) => [a.operatorId, a]));
  }

  issue(request: TokenRequest): TokenResponse | undefined {
    const account = this.accounts.get(request.operatorId);
    // Digests have equal length, so the comparison's time does not tell how much of a password matched.
    const expected = digest(account?.password ?? randomBytes(16).toString('hex'));
    if (!timingSafeEqual(expected, digest(request.password)) || account === undefined) return undefined;
    this.prune();
    const operator: Operator = {
      id: account.operatorId,
      name: account.name,
      roles: [...account.roles],
      agency: account.agency,
      portCode: account.portCode ?? PORT_CODE,
    };
    const accessToken = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.sessions.set(accessToken, { operator, workstationId: request.workstationId, expiresAt });
    return { accessToken, expiresAt: new Date(expiresAt).toISOString(), operator };
  }

  /** The session of an Authorization header, or undefined when missing, unknown, expired or revoked. */
  verify(authorization: string | undefined): Session | undefined {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    const session = this.sessions.get(token);
    if (session === undefined) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  revokeAll(): void {
    this.sessions.clear();
  }

  private prune(): void {
    if (this.sessions.size < 1000) return;
    const now = this.now();
    for (const [token, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(token);
  }
}
