// The page, loaded by the entry (main.tsx) once the engine worker is starting: wire the actions and keys,
// decide once what the first run is (the tutorial a link names, else the walkthrough stop it names, else the
// view of the URL or the last one saved; the start screen opens over it on a bare first visit), then render.
// One decision, in order, so no restored view can land after (and over) the stop or checkpoint the link asked
// for.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import type { ImageInfo } from '@engine/protocol';
import type { EngineClient } from './client/engineClient.ts';
import { lazyLoadsSettled } from './client/lazyModule.ts';
import { createImageActions } from './client/imageActions.ts';
import { installKeyboard } from './client/keyboard.ts';
import { nav } from './client/navActions.ts';
import { startPlayer } from './client/player.ts';
import { zoom } from './client/timelineZoom.ts';
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
import { createGuides } from './guide/guides.ts';
import { createFirstVisit } from './start/firstVisit.ts';
import { readWalkthroughLocation } from './walkthrough/walkthroughUrl.ts';
import { useAppStore, type AppState } from './store/appStore.ts';
// Last, so the page's own rules follow the panels' (the order the cascade has always had).
import './styles.css';

/** Runs `then` once the first run has arrived whole, or failed. */
function afterFirstRun(then: () => void): void {
  const settled = ({ primary }: AppState) =>
    primary.kind === 'failed' || (primary.kind === 'ready' && primary.complete);
  if (settled(useAppStore.getState())) {
    then();
    return;
  }
  const stop = useAppStore.subscribe((s) => {
    if (!settled(s)) return;
    stop();
    then();
  });
}

/** Wires the page to the engine `client`, whose image is `opening`, and renders it into #root. */
export function startPage(
  client: EngineClient,
  opening: Promise<ImageInfo>,
): void {
  client.onEvents = (push) => {
    runs.receive(push);
  };
  const image = createImageActions(client);
  const session = createSessionActions(client);
  const firstVisit = createFirstVisit(session);
  const guides = createGuides(session, firstVisit);
  installTestApi(client, image, session);
  installKeyboard({
    togglePlay: nav.togglePlay,
    stepForward: () => {
      nav.step(1);
    },
    stepBack: () => {
      nav.step(-1);
    },
    overForward: () => {
      nav.over(1);
    },
    overBack: () => {
      nav.over(-1);
    },
    out: nav.out,
    nextOp: nav.nextOp,
    prevOp: nav.prevOp,
    nextLoss: nav.nextLoss,
    prevLoss: nav.prevLoss,
    nextError: nav.nextError,
    prevError: nav.prevError,
    nextIo: nav.nextIo,
    prevIo: nav.prevIo,
    zoomIn: zoom.in,
    zoomOut: zoom.out,
    panLeft: () => {
      zoom.pan(-0.2);
    },
    panRight: () => {
      zoom.pan(0.2);
    },
    zoomAll: zoom.all,
    home: nav.home,
    end: nav.end,
    faster: nav.faster,
    slower: nav.slower,
    prevStop: () => {
      guides.moveWalkthrough('prevStop');
    },
    nextStop: () => {
      guides.moveWalkthrough('nextStop');
    },
    prevChapter: () => {
      guides.moveWalkthrough('prevChapter');
    },
    nextChapter: () => {
      guides.moveWalkthrough('nextChapter');
    },
    help: () => {
      const { helpOpen, setUi } = useAppStore.getState();
      setUi({ helpOpen: !helpOpen });
    },
  });
  startPlayer();
  // The offline cache's install downloads every file of the build and compiles its scripts: it waits for the
  // first run, so a fresh profile's first drawing has the network and the CPU to itself.
  afterFirstRun(registerServiceWorker);
  // The worker serves requests in order: the image is open (or known to be unavailable) before the first run.
  void image.adopt(opening);
  const link = startingTutorial();
  const bare = isBareVisit(location.search, location.hash);
  if (bare) useAppStore.getState().setGuide({ startOpen: true });
  const urlWriter = startUrlWriter();
  addIdleHook(() => urlWriter.flush());
  addIdleHook(lazyLoadsSettled);
  void session.start(async () => {
    // A tutorial link opens the tutorial; a bad one opens the start screen with the reason, over the view below.
    if (
      link !== null &&
      (await (await guides.tutorials()).openFromLink(link.id, link.checkpoint))
    )
      return;
    if (
      readWalkthroughLocation(location.search) !== null &&
      (await (await guides.walkthrough()).openFromUrl(location.search))
    )
      return;
    const view = await initialView();
    if (view === null) {
      // A bare first visit: the start screen beside the demo, which plays under the idle signal.
      await (bare ? firstVisit.play() : session.show({ cursor: 0 }));
      return;
    }
    const shown = await session.show({
      ...view,
      cursor: view.step ?? 0,
      origin: 'The scenario in the link',
    });
    if (shown !== 'rejected') return;
    // A link whose scenario is rejected still opens the app, on the default scenario, with the errors listed.
    const { rejection } = useAppStore.getState();
    await session.show({
      source: { kind: 'builtin', id: 'S2' },
      cut: null,
      cursor: 0,
    });
    useAppStore.getState().setSession({ rejection });
  });

  const root = document.getElementById('root');
  if (root === null) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App
        image={image}
        session={session}
        flushUrl={() => urlWriter.flush()}
        guides={guides}
      />
    </StrictMode>,
  );
}
