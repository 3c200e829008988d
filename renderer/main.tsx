import './csp.js';
import './styles.css';
import './i18n/index.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { scrubTokenFromAddress } from './address.js';
import { ApiContext } from './api-context.js';
import { getApi } from './api.js';
import { App } from './App.js';
import { SessionGate } from './features/session/SessionGate.js';

scrubTokenFromAddress(window.location, window.history);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApiContext value={getApi()}>
        <SessionGate>
          <App />
        </SessionGate>
      </ApiContext>
    </StrictMode>,
  );
}
