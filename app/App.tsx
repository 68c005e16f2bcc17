// The application shell: one stage that fits the screen. Header (scenario, design, share, export), then the
// stage: transport and timeline over the panels (or two stages side by side in compare), each a view over
// the reduced state at the cursor. Guided text (start screen, walkthrough, tutorial) lives in a drawer
// beside the stage and never pushes the picture down.

import { useLayoutEffect, useRef } from 'react';
import type { ImageActions } from './client/imageActions.ts';
import type { SessionActions } from './client/sessionActions.ts';
import { STAGE_ID } from './client/focusStage.ts';
import { useLazyModule } from './client/lazyModule.ts';
import { compareModule } from './client/lazyViews.ts';
import { useMotion } from './hooks/useMotion.ts';
import { useWidth } from './hooks/useWidth.ts';
import { useAppStore } from './store/appStore.ts';
import { useDivergence } from './hooks/useDivergence.ts';
import { useFirstRunShown } from './hooks/useFirstRunShown.ts';
import { CountersPanel } from './panels/CountersPanel.tsx';
import { ExtentsPanel } from './panels/ExtentsPanel.tsx';
import { HelpOverlay } from './panels/HelpOverlay.tsx';
import { ImagePanel } from './panels/ImagePanel.tsx';
import { IomapPanel } from './panels/IomapPanel.tsx';
import { OpsEditor } from './panels/OpsEditor.tsx';
import { PageCachePanel } from './panels/PageCachePanel.tsx';
import { Rejection } from './panels/Rejection.tsx';
import { RecentSteps } from './panels/RecentSteps.tsx';
import { ReservationsPanel } from './panels/ReservationsPanel.tsx';
import { PowerCutControls } from './panels/PowerCut.tsx';
import { RunStatus } from './panels/RunStatus.tsx';
import { ScenarioBar } from './panels/ScenarioBar.tsx';
import { ScenarioSummary } from './panels/ScenarioSummary.tsx';
import { ShareExport } from './panels/ShareExport.tsx';
import { SourcePane } from './panels/SourcePane.tsx';
import { StoryPanel } from './panels/StoryPanel.tsx';
import { SurvivalPanel } from './panels/SurvivalPanel.tsx';
import { TimelineBar } from './panels/TimelineBar.tsx';
import { Transport } from './panels/Transport.tsx';
import { StartButton } from './start/StartButton.tsx';
import { GuideDrawer } from './guide/GuideDrawer.tsx';
import type { Guides } from './guide/guides.ts';

/** From this stage width up the side panels get a column of their own (three columns). */
const WIDE = 1500;

interface Props {
  readonly image: ImageActions;
  readonly session: SessionActions;
  readonly flushUrl: () => Promise<void>;
  readonly guides: Guides;
}

export function App({ image, session, flushUrl, guides }: Props) {
  const theme = useAppStore((s) => s.theme);
  const setUi = useAppStore((s) => s.setUi);
  // Compare's code arrives with the first show that asks for a second design (sessionActions.ts).
  const CompareView = useLazyModule(compareModule)?.CompareView;
  const comparing =
    useAppStore(
      (s) => s.compareVariant !== null && s.secondary.kind === 'ready',
    ) && CompareView !== undefined;
  const divergence = useDivergence();
  const shown = useFirstRunShown();
  const root = useRef<HTMLDivElement>(null);
  const [workspace, width] = useWidth(0);
  const wide = width >= WIDE;
  useMotion();
  // Before any panel's effects run: the canvases read the theme's colours from the document in theirs.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('iomap-explorer.theme', theme);
  }, [theme]);
  const imagePanel = (
    <ImagePanel
      onReset={() => void image.reset()}
      onRetry={() => void image.open()}
      onTakeOver={() => void image.takeOver()}
    />
  );
  // The side panels: the recent steps, what survived a power cut, counters, reservations and the image.
  const side = (
    <>
      <RecentSteps side="primary" />
      <SurvivalPanel side="primary" />
      <CountersPanel side="primary" />
      <ReservationsPanel side="primary" />
      {imagePanel}
    </>
  );
  return (
    <div className="app" ref={root}>
      <header className="app-header">
        <h1 title="A buffered write through the page cache, iomap and btrfs, step by step.">
          iomap-explorer
        </h1>
        <ScenarioBar actions={session} />
        <ScenarioSummary />
        <div className="toolbar">
          <ShareExport
            flushUrl={flushUrl}
            viewRoot={() => root.current}
            track={(task) => session.track(task)}
          />
          <StartButton />
          <button
            type="button"
            aria-haspopup="dialog"
            aria-keyshortcuts="?"
            onClick={() => {
              setUi({ helpOpen: true });
            }}
          >
            Help (?)
          </button>
          <button
            type="button"
            onClick={() => {
              setUi({ theme: theme === 'dark' ? 'light' : 'dark' });
            }}
          >
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
        </div>
      </header>
      <main
        id={STAGE_ID}
        tabIndex={-1}
        className="stage"
        data-waiting={shown ? undefined : 'true'}
      >
        <OpsEditor actions={session} />
        <Rejection />
        <RunStatus />
        <section className="controls" aria-label="Playback and timeline">
          <Transport />
          <TimelineBar
            divergence={comparing ? divergence : null}
            compare={comparing}
            extra={<PowerCutControls actions={session} />}
          />
        </section>
        {comparing ? (
          <CompareView image={imagePanel} />
        ) : (
          <div
            className="workspace"
            data-testid="stage-workspace"
            data-wide={wide ? 'true' : undefined}
            ref={workspace}
          >
            {/* Each column scrolls on its own (and so takes keyboard focus); the stage never does. The
                head of the first column (narration and Source) fills what is on screen; narrower than
                WIDE the side panels follow it in the same column, wider they have a column of their own. */}
            <div
              className="column column-a"
              role="region"
              aria-label={
                wide
                  ? 'Narration and code'
                  : 'Narration, code, counters and space'
              }
              tabIndex={0}
            >
              <div className="column-head">
                <StoryPanel side="primary" />
                <SourcePane />
              </div>
              {!wide && side}
            </div>
            <div
              className="column column-b"
              role="region"
              aria-label="Data path"
              tabIndex={0}
              data-testid="data-path"
            >
              <PageCachePanel side="primary" />
              <IomapPanel side="primary" />
              <ExtentsPanel side="primary" />
            </div>
            {wide && (
              <div
                className="column column-c"
                role="region"
                aria-label="Steps, space and disk image"
                tabIndex={0}
              >
                {side}
              </div>
            )}
          </div>
        )}
      </main>
      <GuideDrawer guides={guides} />
      <HelpOverlay />
    </div>
  );
}
