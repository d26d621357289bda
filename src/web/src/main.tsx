import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyLanguageToDocument } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The remembered language applies before the first paint, so an Urdu reader never sees the page
// flip from left-to-right.
applyLanguageToDocument();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
