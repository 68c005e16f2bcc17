// Browser entry: start the engine worker, open the disk image, restore the view (or open the tutorial a link
// names, or the start screen on a bare first visit), render.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { EngineClient } from './client/engineClient.ts';
import { createImageActions } from './client/imageActions.ts';
import { installKeyboard } from './client/keyboard.ts';
import { startPlayer } from './client/player.ts';
import { runs } from './client/runRegistry.ts';
import { createSessionActions } from './client/sessionActions.ts';
import { addIdleHook, installTestApi } from './testApi.ts';
import {
  initialView,
  isBareVisit,
  startingTutorial,
  startUrlWriter,
} from './client/urlState.ts';
import { registerServiceWorker } from './offline/registerServiceWorker.ts';
import { createTutorialActions } from './tutorials/tutorialActions.ts';
import { useAppStore } from './store/appStore.ts';
import './styles.css';

registerServiceWorker();
const client = new EngineClient();
client.onEvents = (push) => {
  runs.receive(push);
};
const image = createImageActions(client);
const session = createSessionActions(client);
const tutorials = createTutorialActions(session);
installTestApi(client, image, session);
installKeyboard();
startPlayer();
// The worker serves requests in order: the image is open (or known to be unavailable) before the first run.
void image.open();
const link = startingTutorial();
if (isBareVisit(location.search, location.hash))
  useAppStore.getState().setGuide({ startOpen: true });
const urlWriter = startUrlWriter();
addIdleHook(() => urlWriter.flush());
void session.start(async () => {
  // A tutorial link opens the tutorial; a bad one opens the start screen with the reason, over the view below.
  if (link !== null && (await tutorials.openFromLink(link.id, link.checkpoint)))
    return true;
  const view = await initialView();
  if (view === null) return session.show({ cursor: 0 });
  const shown = await session.show({
    ...view,
    cursor: view.step ?? 0,
    origin: 'The scenario in the link',
  });
  if (shown) return true;
  // A link whose scenario is rejected still opens the app, on the default scenario, with the errors listed.
  const { rejection } = useAppStore.getState();
  const fallback = await session.show({
    source: { kind: 'builtin', id: 'S2' },
    cut: null,
    cursor: 0,
  });
  useAppStore.getState().setSession({ rejection });
  return fallback;
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App
      image={image}
      session={session}
      flushUrl={() => urlWriter.flush()}
      tutorials={tutorials}
    />
  </StrictMode>,
);
