import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The base stylesheet loads before the features' own, which build on it.
import './app/app.css';
import { App } from './app/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
