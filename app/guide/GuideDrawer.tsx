// The guide drawer beside the stage: the start screen (always in the first bundle, it lists the catalogs),
// and the walkthrough or tutorial in progress, drawn once its code has been loaded by the action that
// opened it (app/guide/guides.ts). A guide that was never opened never loads.

import { useSyncExternalStore } from 'react';
import { StartScreen } from '../start/StartScreen.tsx';
import { useAppStore } from '../store/appStore.ts';
import { useWalkthroughStore } from '../walkthrough/walkthroughStore.ts';
import type { Guides } from './guides.ts';

export function GuideDrawer({ guides }: { readonly guides: Guides }) {
  const { tutorial, walkthrough } = useSyncExternalStore(
    guides.subscribe,
    guides.views,
  );
  const tutorialOpen = useAppStore((s) => s.tutorial !== null);
  const walkthroughOpen = useWalkthroughStore((s) => s.location !== null);
  return (
    <div className="guide-drawer">
      <StartScreen guides={guides} />
      {walkthroughOpen && walkthrough !== undefined && (
        <walkthrough.View actions={walkthrough.actions} />
      )}
      {tutorialOpen && tutorial !== undefined && (
        <tutorial.View actions={tutorial.actions} />
      )}
    </div>
  );
}
