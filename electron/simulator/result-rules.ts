import type { z } from 'zod';
import type { GatewayTask, ResultSubmission } from '../../shared/contract/gateway.js';
import { normalizeContainerNo } from '../../shared/domain/iso6346.js';
import type { FieldError } from './http-io.js';
import type { Reference } from './reference.js';

/** Field errors of a zod failure, paths in the contract's dot notation (findings.0.severity). */
export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(body)' : issue.path.map((p) => String(p)).join('.'),
    message: issue.message,
  }));
}

/**
 * What the single window checks beyond the shape of a result: the joint-inspection rule, that
 * answers and findings refer to the task's checklist, the reference data's finding codes and the
 * task's own goods lines and containers, that time runs forward, that a recognised inspection is
 * one of the task's prior inspections, and that a refusal to countersign is noted.
 */
export function checkResult(result: ResultSubmission, task: GatewayTask, reference: Reference): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string): void => {
    errors.push({ path, message });
  };

  if (result.baseVersion > task.version) add('baseVersion', `the task has version ${task.version}; ${result.baseVersion} was never issued`);
  if (new Set(result.inspectors).size < 2) add('inspectors', 'at least two different officers must sign the inspection (joint inspection rule)');
  if (Date.parse(result.completedAt) < Date.parse(result.startedAt)) add('completedAt', 'must not be before startedAt');

  const items = reference.checklistItems.get(task.inspection.checklistId) ?? new Set<string>();
  const answered = new Set<string>();
  result.checklist.forEach((answer, i) => {
    if (!items.has(answer.itemId)) add(`checklist.${i}.itemId`, `${answer.itemId} is not an item of checklist ${task.inspection.checklistId}`);
    else if (answered.has(answer.itemId)) add(`checklist.${i}.itemId`, `${answer.itemId} is answered twice`);
    answered.add(answer.itemId);
  });

  const lines = new Set(task.goods.map((g) => g.line));
  const containers = new Set(task.containers.map((c) => normalizeContainerNo(c.containerNo)));
  const checkLine = (path: string, line: number | undefined): void => {
    if (line !== undefined && !lines.has(line)) add(path, `the task has no goods line ${line}`);
  };
  const checkContainer = (path: string, containerNo: string | undefined): void => {
    if (containerNo !== undefined && !containers.has(normalizeContainerNo(containerNo))) add(path, `the task has no container ${containerNo}`);
  };

  result.findings.forEach((finding, i) => {
    const code = reference.findingCodes.get(finding.code);
    if (code === undefined) add(`findings.${i}.code`, `unknown finding code ${finding.code}`);
    else if (code.agency !== 'any' && code.agency !== finding.agency) add(`findings.${i}.agency`, `${finding.code} is a ${code.agency} finding`);
    checkLine(`findings.${i}.goodsLine`, finding.goodsLine);
    checkContainer(`findings.${i}.containerNo`, finding.containerNo);
  });
  result.seals.forEach((seal, i) => {
    checkContainer(`seals.${i}.containerNo`, seal.containerNo);
  });
  result.samples.forEach((sample, i) => {
    checkLine(`samples.${i}.goodsLine`, sample.goodsLine);
  });

  // 通报通检通放: only an inspection the task lists as done upstream can be recognised, and
  // recognising it is the decision not to inspect again.
  if (result.recognizes !== undefined) {
    if (!(task.priorInspections ?? []).some((prior) => prior.resultId === result.recognizes)) {
      add('recognizes', `${result.recognizes} is not a prior inspection of task ${task.taskId}`);
    } else if (result.outcome !== 'not_inspected') {
      add('recognizes', `a recognised prior inspection goes with outcome not_inspected, not ${result.outcome}`);
    }
  }
  if (result.countersign?.signed === false && (result.countersign.refusalNote ?? '').trim() === '') {
    add('countersign.refusalNote', 'the representative refused to countersign: the refusal must be noted');
  }
  return errors;
}
