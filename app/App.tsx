// The application shell: header with scenario, design, share and export; the playback controls and
// timeline; then the panels (or the compare view), each a view over the reduced state at the cursor.

import { useEffect, useRef } from 'react';
import type { ImageActions } from './client/imageActions.ts';
import type { SessionActions } from './client/sessionActions.ts';
import { STAGE_ID } from './client/focusStage.ts';
import { useAppStore } from './store/appStore.ts';
import { CompareView, useDivergence } from './panels/CompareView.tsx';
import { CountersPanel } from './panels/CountersPanel.tsx';
import { ExtentsPanel } from './panels/ExtentsPanel.tsx';
import { HelpOverlay } from './panels/HelpOverlay.tsx';
import { ImagePanel } from './panels/ImagePanel.tsx';
import { IomapPanel } from './panels/IomapPanel.tsx';
import { OpsEditor } from './panels/OpsEditor.tsx';
import { PageCachePanel } from './panels/PageCachePanel.tsx';
import { Rejection } from './panels/Rejection.tsx';
import { ReservationsPanel } from './panels/ReservationsPanel.tsx';
import { PowerCutControls } from './panels/PowerCut.tsx';
import { RunStatus } from './panels/RunStatus.tsx';
import { ScenarioBar } from './panels/ScenarioBar.tsx';
import { ShareExport } from './panels/ShareExport.tsx';
import { StoryPanel } from './panels/StoryPanel.tsx';
import { SurvivalPanel } from './panels/SurvivalPanel.tsx';
import { TimelineBar } from './panels/TimelineBar.tsx';
import { Transport } from './panels/Transport.tsx';
import { StartButton } from './start/StartButton.tsx';
import { StartScreen } from './start/StartScreen.tsx';
import type { TutorialActions } from './tutorials/tutorialActions.ts';
import { TutorialPanel } from './tutorials/TutorialPanel.tsx';
import type { WalkthroughActions } from './walkthrough/walkthroughActions.ts';
import { WalkthroughView } from './walkthrough/WalkthroughView.tsx';

interface Props {
  readonly image: ImageActions;
  readonly session: SessionActions;
  readonly flushUrl: () => Promise<void>;
  readonly tutorials: TutorialActions;
  readonly walkthrough: WalkthroughActions;
}

export function App({
  image,
  session,
  flushUrl,
  tutorials,
  walkthrough,
}: Props) {
  const theme = useAppStore((s) => s.theme);
  const setUi = useAppStore((s) => s.setUi);
  const comparing = useAppStore(
    (s) => s.compareVariant !== null && s.secondary.kind === 'ready',
  );
  const divergence = useDivergence();
  const inTutorial = useAppStore((s) => s.tutorial !== null);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
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
  return (
    <div className={inTutorial ? 'app with-tutorial' : 'app'} ref={root}>
      <header className="app-header">
        <h1>iomap-explorer</h1>
        <p className="tagline">
          A buffered write through the page cache, iomap and btrfs, step by
          step.
        </p>
        <ShareExport
          flushUrl={flushUrl}
          viewRoot={() => root.current}
          track={(task) => session.track(task)}
        />
        <div className="toolbar">
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
        <ScenarioBar actions={session} />
      </header>
      <main id={STAGE_ID} tabIndex={-1}>
        <StartScreen tutorials={tutorials} walkthrough={walkthrough} />
        <WalkthroughView actions={walkthrough} />
        <OpsEditor actions={session} />
        <Rejection />
        <RunStatus />
        <section className="controls" aria-label="Playback and timeline">
          <Transport extra={<PowerCutControls actions={session} />} />
          <TimelineBar divergence={comparing ? divergence : null} />
        </section>
        {comparing ? (
          <>
            <CompareView />
            <div style={{ marginTop: 12, maxWidth: 640 }}>{imagePanel}</div>
          </>
        ) : (
          <div className="workspace">
            <div className="column column-a">
              <StoryPanel side="primary" />
              <SurvivalPanel side="primary" />
              <CountersPanel side="primary" />
            </div>
            <div className="column column-b">
              <PageCachePanel side="primary" />
              <IomapPanel side="primary" />
              <ExtentsPanel side="primary" />
            </div>
            <div className="column column-c">
              <ReservationsPanel side="primary" />
              {imagePanel}
            </div>
          </div>
        )}
      </main>
      <TutorialPanel actions={tutorials} />
      <HelpOverlay />
    </div>
  );
}
