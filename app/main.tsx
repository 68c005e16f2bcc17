// Browser entry: start the engine worker, open the disk image, render.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { EngineClient } from './client/engineClient.ts';
import { createImageActions } from './client/imageActions.ts';
import { installTestApi } from './testApi.ts';
import './styles.css';

const client = new EngineClient();
const actions = createImageActions(client);
installTestApi(client, actions);
void actions.open();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App actions={actions} />
  </StrictMode>,
);
