import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureClient } from './api/client';
import { App } from './app/App';
import { session } from './features/auth/session';
import './app/styles.css';

configureClient({
  getToken: () => session.get()?.token ?? null,
  onUnauthorized: () => session.signOut('expired'),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
