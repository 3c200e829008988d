import type { Page } from 'playwright-core';

export interface BridgeCall {
  method: string;
  input: unknown;
}

/**
 * Sends calls from the page over a bridge of its own, as its transport opens it (same origin, the
 * session cookie sent along), one after the other, and answers their result objects in order: what
 * the core tells that page's session, whatever its UI offers (a wall display has no write button).
 */
export async function callFromPage(page: Page, calls: readonly BridgeCall[]): Promise<unknown[]> {
  return page.evaluate(async (list) => {
    const socket = new WebSocket(new URL('bridge', window.location.href.replace(/^http/, 'ws')));
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const ask = (id: number, method: string, input: unknown): Promise<unknown> =>
      new Promise((resolve) => {
        socket.addEventListener('message', (event: MessageEvent<string>) => {
          const frame = JSON.parse(event.data) as { id?: number; result?: unknown };
          if (frame.id === id) resolve(frame.result);
        });
        socket.send(JSON.stringify({ type: 'request', id, method, input }));
      });
    const answers: unknown[] = [];
    for (const [index, { method, input }] of list.entries()) answers.push(await ask(index + 1, method, input));
    socket.close();
    return answers;
  }, calls);
}
