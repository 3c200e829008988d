// @vitest-environment jsdom
import { randomUUID } from 'node:crypto';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { SessionContext } from '../../renderer/features/session/session-context.js';
import { TaskDetailPanel } from '../../renderer/features/task-detail/TaskDetailPanel.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { testOperatorId } from '../fixtures/sign-in-account.js';
import { buildTask } from '../fixtures/task-builder.js';

configure({ asyncUtilTimeout: 10_000 });

/**
 * The supervisor's review against the real core: the queue, one's own inspection not decidable, a
 * return that needs a comment, and the officers reading the return on the task's detail.
 */
const TASK = 'JI-8000-2026-770001';
const SUPERVISOR = testOperatorId(['supervisor']);
const INSPECTOR = testOperatorId(['inspector']);
const theirs = randomUUID();
const own = randomUUID();
const COMMENT = '样品数量未记录，请补充 / the sample quantity is missing: add it';

let real: RealCore;
let connections: Connection[] = [];
beforeEach(async () => {
  await i18n.changeLanguage('zh-CN');
  real = await startRealCore();
  const { tasks, results } = real.core.db;
  tasks.upsertMany([buildTask({ taskId: TASK })]);
  results.submit(buildResultInput({ taskId: TASK, resultId: theirs, inspectors: [INSPECTOR, 'op-8000-002'] }), Date.parse('2026-12-07T07:00:00Z'));
  results.submit(buildResultInput({ taskId: TASK, resultId: own, inspectors: [INSPECTOR, SUPERVISOR] }), Date.parse('2026-12-07T08:00:00Z'));
});
afterEach(async () => {
  cleanup();
  for (const connection of connections) connection.dispose();
  connections = [];
  await real.close();
});

function connect(roles: readonly Role[]): Connection {
  const connection = real.connectAs({ roles });
  connections.push(connection);
  return connection;
}

const itemOf = (resultId: string): HTMLElement => {
  const found = screen.getAllByTestId('review-item').find((element) => element.dataset.resultId === resultId);
  if (!found) throw new Error(`no review item for ${resultId}`);
  return found;
};

describe('review of inspections', () => {
  it('lets a supervisor return an inspection with a comment, and its officer reads the return on the task', async () => {
    render(
      <ApiContext value={connect(['supervisor']).api}>
        <App />
      </ApiContext>,
    );
    fireEvent.click(await screen.findByTestId('nav-review'));
    await screen.findByTestId('review-list');
    // Oldest first; one's own inspection is listed, not decidable.
    expect(screen.getAllByTestId('review-item').map((element) => element.dataset.resultId)).toEqual([theirs, own]);
    expect(within(itemOf(own)).getByTestId('review-own').textContent).toContain('不能审核');
    expect(within(itemOf(own)).queryByTestId('review-endorse')).toBeNull();

    fireEvent.click(within(itemOf(theirs)).getByTestId('review-return'));
    expect(within(itemOf(theirs)).getByTestId('review-comment-needed').textContent).toBe('退回须填写意见，说明关员需要做什么。');
    fireEvent.change(within(itemOf(theirs)).getByTestId('review-comment'), { target: { value: COMMENT } });
    fireEvent.click(within(itemOf(theirs)).getByTestId('review-return'));
    await waitFor(() => expect(screen.getAllByTestId('review-item').map((element) => element.dataset.resultId)).toEqual([own]));
    cleanup();

    // The officer's task detail.
    const officer = connect(['inspector']);
    await officer.api.client.call('audit:status', {});
    const status = await officer.api.client.call('session:status', {});
    if (!status.ok || status.value.signedIn !== true) throw new Error(`the officer is not signed in: ${JSON.stringify(status)}`);
    render(
      <ApiContext value={officer.api}>
        <SessionContext value={{ status: status.value, signOut: () => undefined }}>
          <TaskDetailPanel taskId={TASK} onClose={() => undefined} />
        </SessionContext>
      </ApiContext>,
    );
    const review = await screen.findByTestId('task-result-review');
    expect(review.dataset.decision).toBe('returned');
    expect(review.textContent).toContain(`科长 ${SUPERVISOR} 退回`);
    expect(review.textContent).toContain(COMMENT);
  });
});
