import type { TFunction } from 'i18next';

/** An officer as the dispatch screens name them: the name, and the operator id that tells two namesakes apart. */
export function officerName(t: TFunction, officer: { operatorId: string; name: string }): string {
  return t('dispatch.officer', { name: officer.name, operatorId: officer.operatorId });
}

/** Operator ids in words: by name where the screen knows it, the bare id where it does not. */
export function officerNames(t: TFunction, operatorIds: readonly string[], names: ReadonlyMap<string, string>): string {
  return operatorIds
    .map((operatorId) => {
      const name = names.get(operatorId);
      return name === undefined ? operatorId : officerName(t, { operatorId, name });
    })
    .join(t('tasks.listSeparator'));
}

/** Names by operator id, from the officers a screen has listed. */
export function namesOf(officers: readonly { operatorId: string; name: string }[] | null): ReadonlyMap<string, string> {
  return new Map((officers ?? []).map((officer) => [officer.operatorId, officer.name]));
}
