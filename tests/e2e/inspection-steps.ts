import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { TRAINING_ACCOUNTS, type GatewayTask } from '../../shared/contract/index.js';

/**
 * An officer's steps in the console's inspection form, as a person takes them in Chromium: the
 * inspector's day (inspection-day.test.ts) and the supervisor's day (supervisor-day.test.ts) both
 * have the customs training officer signed in with the quarantine one present to co-sign.
 */
export const [CUSTOMS_OFFICER, QUARANTINE_OFFICER] = TRAINING_ACCOUNTS;

/** Open, joint customs and quarantine, with an open-container inspection of a sealed container, nothing to recognise. */
export function jointOpenContainer(task: GatewayTask): boolean {
  const { agencies, types } = task.inspection;
  return (
    ['pending', 'assigned'].includes(task.status) &&
    agencies.includes('customs') &&
    agencies.includes('quarantine') &&
    types.includes('open_container') &&
    task.containers.length === 1 &&
    (task.containers[0]?.sealNos.length ?? 0) > 0 &&
    (task.priorInspections ?? []).length === 0
  );
}

export function containerOf(task: GatewayTask): GatewayTask['containers'][number] {
  const container = task.containers[0];
  if (!container) throw new Error(`${task.taskId} has no container`);
  return container;
}

/**
 * From the task list: any status (a task released since is still found), the task's priority as the
 * filter, its container number in the search, Enter on its row; its detail open.
 */
export async function openTask(page: Page, task: GatewayTask): Promise<void> {
  await page.getByTestId('nav-tasks').click();
  await page.getByTestId('filter-status').selectOption('all');
  await page.getByTestId('filter-priority').selectOption(task.inspection.priority);
  await page.getByTestId('search-input').fill(containerOf(task).containerNo);
  await page.locator(`[data-testid="task-row"][data-task-id="${task.taskId}"]`).press('Enter');
  await page.locator(`[data-testid="task-detail"][data-task-id="${task.taskId}"]`).waitFor();
}

/** The task's detail, then its inspection. */
export async function openInspection(page: Page, task: GatewayTask): Promise<void> {
  await openTask(page, task);
  await page.getByTestId('inspection-open').click();
}

/** The signed-in officer is the first; the second officer present authenticates on this workstation. */
export async function startWithSecondOfficer(page: Page): Promise<void> {
  await page.getByTestId('inspection-start-operator').fill(QUARANTINE_OFFICER.operatorId);
  await page.getByTestId('inspection-start-password').fill(QUARANTINE_OFFICER.password);
  await page.getByTestId('inspection-start-submit').click();
  await page.getByTestId('inspection-save').waitFor();
}

export async function answerChecklist(page: Page): Promise<void> {
  const items = page.locator('[data-testid^="checklist-"][data-testid$="-yes"]');
  expect(await items.count()).toBeGreaterThan(0);
  for (const yes of await items.all()) await yes.check();
}

export async function countersign(page: Page, name: string, capacity: 'consignee' | 'agent', refusalNote?: string): Promise<void> {
  await page.getByTestId('countersign-name').fill(name);
  await page.getByTestId('countersign-capacity').selectOption(capacity);
  if (refusalNote === undefined) {
    await page.getByTestId('countersign-signed').check();
    return;
  }
  await page.getByTestId('countersign-refused').check();
  await page.getByTestId('countersign-refusal-note').fill(refusalNote);
}

/** Both officers sign the content as saved, each re-entering their password; then nothing is missing. */
export async function signByBothOfficers(page: Page): Promise<void> {
  for (const [index, officer] of [CUSTOMS_OFFICER, QUARANTINE_OFFICER].entries()) {
    const row = page.getByTestId(`signature-${index}`);
    expect(await row.textContent()).toContain(officer.operatorId);
    await page.getByTestId(`signature-${index}-password`).fill(officer.password);
    await page.getByTestId(`signature-${index}-sign`).click();
    await page.getByTestId(`signature-${index}-done`).waitFor();
  }
  await page.getByTestId('inspection-missing-none').waitFor();
  await page.locator('[data-testid="inspection-save"][data-state="saved"]').waitFor();
}

/**
 * A plain inspection, started with the second officer present: every checklist item answered yes,
 * conform and released, the consignee countersigning, both officers signing; then submitted.
 */
export async function inspectConformAndSubmit(page: Page, task: GatewayTask, consignee: string): Promise<void> {
  await openInspection(page, task);
  await startWithSecondOfficer(page);
  await answerChecklist(page);
  await page.getByTestId('inspection-outcome').selectOption('conform');
  await page.getByTestId('inspection-disposition').selectOption('release');
  await countersign(page, consignee, 'consignee');
  await signByBothOfficers(page);
  await page.getByTestId('inspection-submit').click();
  await page.getByTestId('inspection-submitted').waitFor({ timeout: 30_000 });
}
