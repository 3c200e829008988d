import { removeAt, replaceAt } from './draft-edits.js';

interface Props {
  label: string;
  itemLabel: string;
  addLabel: string;
  removeLabel: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  testId: string;
}

/** A short list of typed numbers (seal numbers), one field each, kept in order and as typed. */
export function StringList({ label, itemLabel, addLabel, removeLabel, values, onChange, testId }: Props) {
  return (
    <fieldset className="inspection__list" data-testid={testId}>
      <legend>{label}</legend>
      {values.map((value, index) => (
        // The position is the entry's identity: the draft keeps the list in order, empty entries included.
        <span key={index} className="inspection__list-item">
          <input
            aria-label={`${itemLabel} ${index + 1}`}
            data-testid={`${testId}-${index}`}
            className="inspection__code-input"
            spellCheck={false}
            autoComplete="off"
            value={value}
            onChange={(event) => onChange(replaceAt(values, index, event.target.value))}
          />
          <button type="button" className="button button--small button--secondary" aria-label={`${removeLabel} ${index + 1}`} onClick={() => onChange(removeAt(values, index))}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="button button--small" data-testid={`${testId}-add`} onClick={() => onChange([...values, ''])}>
        {addLabel}
      </button>
    </fieldset>
  );
}
