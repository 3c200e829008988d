import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { officerAnswerText } from './answer-text.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';
import type { Inspection } from './use-inspection.js';

type Officer = SectionProps['draft']['officers'][number];

/** Each officer present signs the content as saved by re-entering their password; a change afterwards clears the signatures. */
export function SignaturesSection(props: SectionProps & { sign: Inspection['sign'] }) {
  const { t } = useTranslation();
  return (
    <Section name="signatures">
      <p className="inspection__muted">{t('inspection.signatures.intro')}</p>
      <ul className="inspection__rows">
        {props.draft.officers.map((officer, index) => (
          <OfficerSignature key={officer.operatorId} officer={officer} index={index} {...props} />
        ))}
      </ul>
    </Section>
  );
}

function OfficerSignature({ officer, index, draft, sign }: SectionProps & { sign: Inspection['sign']; officer: Officer; index: number }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signature = draft.signatures.find((candidate) => candidate.operatorId === officer.operatorId);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (password === '') {
      setMessage(t('inspection.signatures.required'));
      return;
    }
    setBusy(true);
    setMessage(null);
    void sign(officer.operatorId, password).then((answer) => {
      setBusy(false);
      setPassword('');
      setMessage(officerAnswerText(t, answer));
    });
  };

  return (
    <li className="inspection__row" data-testid={`signature-${index}`}>
      <span>
        {officer.name} <span className="inspection__code">{officer.operatorId}</span>
      </span>
      {signature ? (
        <span className="tag tag--signed" data-testid={`signature-${index}-done`}>
          {t('inspection.signatures.signedAt', { time: new Date(signature.signedAt).toLocaleString() })}
        </span>
      ) : (
        <form className="inspection__sign" onSubmit={submit}>
          <input
            type="password"
            autoComplete="off"
            aria-label={t('inspection.signatures.password', { name: officer.name })}
            data-testid={`signature-${index}-password`}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <button type="submit" className="button button--small" data-testid={`signature-${index}-sign`} disabled={busy}>
            {busy ? t('inspection.signatures.signing') : t('inspection.signatures.sign')}
          </button>
        </form>
      )}
      {message !== null && (
        <p className="inspection__error" role="alert" data-testid={`signature-${index}-error`}>
          {message}
        </p>
      )}
    </li>
  );
}
